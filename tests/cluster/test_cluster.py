"""``make cluster`` for real (tests/cluster/conftest.py): the demo site through
HAProxy on two Zope processes and RelStorage; a process killed with SIGKILL is
restarted while HAProxy serves from the other; the stop leaves nothing behind.

The tests run in this order on one cluster; the last one stops it."""

from pathlib import Path
from sandbox.oidc_broker.citizen import login
from tests.cluster.running import Running
from tests.test_start import _free_port
from tests.test_start import _script as script

import os
import requests
import threading
import time


JSON = {"Accept": "application/json"}


def alive(pid):
    """Running (a zombie is dead: here PID 1 may not reap the orphans, such as
    PostgreSQL's postmaster once pg_ctl has left)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[0] != "Z"


def wait(check, what, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return time.monotonic()
        time.sleep(0.25)
    raise AssertionError(f"{what}: not after {timeout} s")


def test_the_demo_site_answers_through_haproxy(cluster):
    page = requests.get(cluster.url, timeout=60)
    assert page.status_code == 200 and "Comune di Esempio" in page.text
    health = requests.get(f"{cluster.url}/@@health", timeout=60)
    assert health.status_code == 200 and health.json()["database"]["ok"] is True
    assert "http://localhost:%d/Plone" % cluster.port in cluster.log.read_text()


def test_haproxy_sees_both_zope_processes_up(cluster):
    assert cluster.servers() == {"zope-1": "UP", "zope-2": "UP"}
    state = cluster.state
    assert set(state["zopes"]) == {"zope-1", "zope-2"}
    for name in ("zope-1", "zope-2", "worker", "haproxy", "postgresql", "sandbox-oidc_broker"):
        assert alive(state["pids"][name]), name
    for name in ("zope-1", "zope-2"):  # each process serves the same site
        assert requests.get(f"{cluster.zope_url(name)}/@@ok", timeout=60).status_code == 200


def test_a_submission_on_one_process_is_seen_by_the_other(cluster):
    """RelStorage invalidations: the citizen submits on zope-1 and finds the
    application, number and all, in the personal area served by zope-2."""
    session, page = login(cluster.url, "RSSMRA80A01Z999Y")
    assert page.status_code == 200 and session.cookies.get("__ac")
    one, two = cluster.zope_url("zope-1"), cluster.zope_url("zope-2")
    made = session.post(f"{one}/servizi-online/accesso-documenti/@istanze", headers=JSON, json={
        "submit": True, "data": {"documenti": "Delibera di giunta n. 12/2026",
                                 "motivazione": "Proprietario del fondo confinante.",
                                 "modalita": "Visione"}}, timeout=120)
    assert made.status_code == 201, made.text
    number = made.json()["number"]
    assert made.json()["review_state"] == "submitted" and number.startswith("2026-ACCDOC-")
    listed = session.get(f"{two}/@area-personale", headers=JSON, timeout=60).json()["items"]
    assert number in [item["number"] for item in listed]
    seen = session.get(made.json()["@id"].replace(one, two) + "/@istanze-riepilogo",
                       headers=JSON, timeout=60)
    assert seen.status_code == 200 and "Proprietario del fondo confinante." in seen.text


class Load(threading.Thread):
    """``clients`` threads of GETs through HAProxy until stopped."""

    def __init__(self, url, clients=4):
        super().__init__(daemon=True)
        self.url, self.clients = url, clients
        self.ok, self.errors, self.details = 0, [], []
        self.halted = threading.Event()
        self.lock = threading.Lock()

    def client(self):
        session = requests.Session()
        while not self.halted.is_set():
            try:
                answer = session.get(self.url, timeout=60)
                status = answer.status_code
            except requests.RequestException as error:
                answer, status = None, repr(error)
            with self.lock:
                if status == 200:
                    self.ok += 1
                else:
                    self.errors.append(status)
                    self.details.append(f"{time.strftime('%H:%M:%S')} {status} "
                                        f"{answer.text[:300] if answer is not None else ''}")

    def run(self):
        threads = [threading.Thread(target=self.client, daemon=True) for _ in range(self.clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    def stop(self):
        self.halted.set()
        self.join(90)


def test_kill_9_of_a_zope_process_loses_no_request_and_it_comes_back(cluster):
    old = cluster.state["pids"]["zope-1"]
    load = Load(f"{cluster.url}/servizi-online")
    load.start()
    try:
        time.sleep(2)  # requests in flight on both processes
        os.kill(old, 9)
        killed = time.monotonic()
        wait(lambda: cluster.servers().get("zope-1") != "UP", "zope-1 marked down", 30)
        during = load.ok
        wait(lambda: cluster.state["pids"].get("zope-1") not in (None, old), "zope-1 restarted", 60)
        back = wait(lambda: cluster.servers() == {"zope-1": "UP", "zope-2": "UP"},
                    "zope-1 UP again", 300)
        gap = load.ok - during
    finally:
        load.stop()
    print(f"kill -9 of zope-1: back UP in HAProxy after {back - killed:.0f} s; "
          f"{load.ok} GETs through HAProxy ({gap} while it was down), {len(load.errors)} errors")
    assert load.errors == [] and gap > 0, "\n".join(load.details) + "\n" + cluster.tracebacks()
    assert "zope-1: riavviato" in (cluster.home / "var" / "log" / "supervisor.log").read_text()
    assert not alive(old) and alive(cluster.state["pids"]["zope-1"])


def test_kill_9_of_the_worker_restarts_it(cluster):
    old = cluster.state["pids"]["worker"]
    os.kill(old, 9)
    wait(lambda: cluster.state["pids"].get("worker") not in (None, old), "worker restarted", 60)
    new = cluster.state["pids"]["worker"]
    assert alive(new) and new != old
    assert "worker: riavviato" in (cluster.home / "var" / "log" / "supervisor.log").read_text()


def test_one_command_per_host_a_zope_host_and_the_balancer(cluster, tmp_path):
    """The production commands of docs/guida-operatore.md: ``--role zope`` on
    a second "host" (its own folder, the cluster's database) and ``--role
    haproxy`` in front of the three processes."""
    zope_host = Running(tmp_path / "app2", _free_port(span=21), "--role", "zope", "--zopes", "1",
                        "--dsn", cluster.dsn())
    balancer = None
    try:
        zope_host.start(timeout=600)
        assert zope_host.state["pids"].keys() == {"zope-1"}  # no worker, no PostgreSQL
        third = zope_host.zope_url("zope-1")
        assert requests.get(f"{third}/@@health", timeout=60).json()["database"]["ok"] is True
        backends = [f"127.0.0.1:{port}" for port in cluster.state["zopes"].values()]
        backends.append(third.split("/")[2])
        balancer = Running(tmp_path / "lb", _free_port(span=1), "--role", "haproxy",
                           "--backends", ",".join(backends)).start(timeout=120)
        assert balancer.servers() == {"zope-1": "UP", "zope-2": "UP", "zope-3": "UP"}
        page = requests.get(balancer.url, timeout=60)
        assert page.status_code == 200 and "Comune di Esempio" in page.text
        assert balancer.stop() == 0 and zope_host.stop() == 0
    finally:
        for running in (balancer, zope_host):
            if running is not None and running.proc is not None:
                running.cleanup()


def test_the_python_api_kills_and_waits_for_the_restart(cluster, tmp_path):
    """``scripts.cluster.Cluster`` in this process, as the benchmarks and the
    fault tests use it: one more application server on the cluster's database."""
    from scripts.cluster import Cluster

    app = Cluster(tmp_path / "api", _free_port(span=21), zopes=1, role="zope",
                  dsn=cluster.dsn()).start()
    try:
        old = app.kill("zope-1")
        new = app.wait_restarted("zope-1", old, timeout=300)
        assert new != old and app.zope_pids == {"zope-1": new}
        assert requests.get(f"{app.zope_urls[0]}/@@ok", timeout=60).status_code == 200
    finally:
        app.stop()
    assert app.pids() == {} and not alive(new)


def test_stop_leaves_no_process_and_stops_postgresql(cluster):
    state = cluster.state
    pids = state["pids"]
    assert len(pids) >= 6 and cluster.pg().running()
    assert cluster.stop() == 0
    assert "Arresto del cluster in corso" in cluster.log.read_text()
    assert [name for name, pid in pids.items() if alive(pid)] == []
    assert not cluster.pg().running()
    serve = script("serve")
    ports = [cluster.port, cluster.port + 30, *state["zopes"].values()]
    ports += [cluster.port + i for i in range(1, 12)]  # the simulators
    assert [p for p in ports if serve.tcp_port_alive(p)] == []
    assert cluster.state["pids"] == {}

"""The RelStorage tests' own PostgreSQL and a site on it, served by two Zope processes.

``postgres``: Debian's PostgreSQL started by scripts/pgserver.py in a scratch
folder, on a free port; stopped at the end of the package, also on failure.
``cluster``: database ``istanze`` on it, a site made by
``cluster_script.py setup`` and two instance folders (``a`` and ``b``,
``etc/zope.conf`` with the same DSN, ``etc/zope.ini`` with their own ports),
each served by its own ``runwsgi`` process, and two outbox workers
(``scripts/worker.py``, instance folders ``worker-a``, ``worker-b`` on the
same DSN); the sandbox protocol register in a thread of the test process.
``settled``: a burst of submissions through both processes, until the
workers have emptied the outbox. Nothing is skipped: CI runs these tests
(``make sysdeps`` installs postgresql).
"""

from benchmarks.load import credentials
from benchmarks.load import IstanzeTarget
from benchmarks.load import run_phase
from pathlib import Path
from sandbox.protocol.server import make_server
from tests.operations.instance import BIN
from tests.operations.instance import env
from tests.operations.instance import get
from tests.operations.instance import Instance
from tests.operations.instance import ROOT
from tests.operations.instance import terminate
from tests.sandboxes import SandboxDriver
from tests.sandboxes import serving
from tests.test_start import _free_port
from tests.test_start import _script as script

import ast
import json
import pytest
import re
import shutil
import time
import subprocess
import tempfile
import threading


SCRIPT = Path(__file__).with_name("cluster_script.py")
CITIZENS = 24


@pytest.fixture(scope="package")
def postgres():
    """Not under pytest's basetemp: a pytest session starting meanwhile (another
    checkout's) makes /tmp/pytest-of-<user> private again, and the
    ``postgres`` user could no longer reach a data folder inside it."""
    home = Path(tempfile.mkdtemp(prefix="comune-istanze-pg-"))
    server = script("pgserver").Server(home / "data", _free_port(span=1))
    try:
        server.start()
        yield server
    finally:
        server.stop(mode="immediate")
        shutil.rmtree(home, ignore_errors=True)


@pytest.fixture(scope="package")
def register():
    with serving(make_server("127.0.0.1", 0)) as server:
        yield SandboxDriver(server)


def side_by_side(*calls):
    """Run ``calls`` in threads (each a process of ours waiting on another
    process); their results, in order; the first error is raised here."""
    results, errors = {}, []

    def call(index, function):
        try:
            results[index] = function()
        except BaseException as error:  # re-raised below, in the test's thread
            errors.append(error)

    threads = [threading.Thread(target=call, args=item) for item in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return [results[index] for index in range(len(calls))]


class Cluster:
    """Two instances (``a``, ``b``) of one site on one RelStorage database."""

    def __init__(self, home, dsn):
        self.home, self.dsn = home, dsn
        self.a = Instance(home / "a", relstorage=dsn).write()
        self.b = Instance(home / "b", relstorage=dsn).write()
        self.processes = (self.a, self.b)
        self.worker_homes = [Instance(home / f"worker-{n}", relstorage=dsn).write()
                             for n in ("a", "b")]

    def run(self, *args, on=None):
        return (on or self.a).run(*args, script=SCRIPT)

    def start(self):
        """Both Zope processes, started side by side."""
        side_by_side(*(instance.start_zope for instance in self.processes))

    def stop(self):
        for instance in (*self.processes, *self.worker_homes):
            instance.stop()


@pytest.fixture(scope="package")
def cluster(postgres, register, tmp_path_factory):
    home = tmp_path_factory.mktemp("relstorage")
    cert = home / "protocollo.pem"
    cert.write_bytes(register.call("/_control/cert"))
    site = Cluster(home, postgres.createdb("istanze"))
    try:
        site.info = site.run("setup", CITIZENS, f"{register.base}/protocollo", cert)
        # the workers boot beside the Zope processes (not in the timed burst),
        # each with its own instance folder (blob cache), as on another host:
        # two processes creating one new blob cache at once can collide
        site.workers = [(inst, *start_worker(inst)) for inst in site.worker_homes]
        site.start()
        yield site
    finally:
        site.stop()


def start_worker(instance):
    """``scripts/worker.py`` (its loop) on ``instance``'s zope.conf: (process, log file);
    stopped with the instance, or earlier by :func:`stop_worker`."""
    log = instance.var / "log" / f"worker-{len(instance.processes)}.log"
    with open(log, "ab") as out:
        proc = subprocess.Popen(
            [str(BIN / "zconsole"), "run", str(instance.etc / "zope.conf"),
             str(ROOT / "scripts" / "worker.py"), "--site-id", "Plone"],
            stdout=out, stderr=subprocess.STDOUT, cwd=ROOT, env=env(), start_new_session=True)
    instance.processes.append(proc)
    return proc, log


def stop_worker(instance, proc):
    terminate(proc)
    instance.processes.remove(proc)


CLIENTS = 4  # per process: 8 citizens submitting at the same time


def burst(cluster):
    """Half of the citizens through ``a``, half through ``b``, all at once."""
    citizens = [credentials(c) for c in cluster.info["citizens"]]
    half = len(citizens) // 2
    results = {}

    def submit(index, instance):
        target = IstanzeTarget(instance.url, cluster.info)
        results[index] = run_phase(target, citizens, [None] * len(citizens), half, CLIENTS,
                                   start=index * half)

    threads = [threading.Thread(target=submit, args=(i, inst))
               for i, inst in enumerate(cluster.processes)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(300)
    return [results[i] for i in range(len(threads))]


def wait_for_the_outbox(instance, timeout=180):
    """Until @@health of ``instance`` says no job is waiting; the last report."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status, body = get(f"{instance.url}/@@health")
        report = json.loads(body)
        if report["outbox"]["pending"] == 0:
            return report
        time.sleep(1)
    raise AssertionError(f"outbox not empty after {timeout} s: {body}")


def done_counts(log):
    """Jobs each loop of a worker reports done ("outbox: {'done': 3}")."""
    text = log.read_text("utf-8")
    return sum(ast.literal_eval(m).get("done", 0) for m in re.findall(r"outbox: (\{.*\})", text))


DUMP_AFTER = 3  # seconds into the burst: ``make backup`` (pg_dump) while citizens submit


def backup_meanwhile(cluster, live):
    """A backup of the site while the burst runs: its folder and when pg_dump began."""
    time.sleep(DUMP_AFTER)
    live["started"] = time.time()
    live["folder"], live["manifest"] = script("backups").backup(
        cluster.a.instance, cluster.home / "backups-live")


def restore_live(live, postgres, home):
    """The backup taken during the burst, restored into a new database; its
    state, then one more submission (tests/operations/site_script.py check)."""
    target = Instance(home / "durante", relstorage=postgres.dsn("durante_il_picco"))
    script("backups").restore(live["folder"], target.instance, target.var, target.port,
                              relstorage=target.relstorage)
    return target.run("check", 2000)


@pytest.fixture(scope="package")
def settled(cluster, postgres):
    """The burst, with the workers running and a backup taken meanwhile, until
    the outbox is empty; then the workers stop, the site's state is read (on
    ``b``) and the live backup is restored (test_backup.py checks it)."""
    live = {}
    dumper = threading.Thread(target=backup_meanwhile, args=(cluster, live))
    started = time.monotonic()
    dumper.start()
    phases = burst(cluster)
    seconds = time.monotonic() - started
    dumper.join(120)
    health = wait_for_the_outbox(cluster.b)
    for instance, proc, _log in cluster.workers:
        stop_worker(instance, proc)
    outcomes = [o for phase in phases for o in phase.outcomes]
    print(f"{len(outcomes)} submissions through 2 processes in {seconds:.1f} s, "
          f"outbox empty after {time.monotonic() - started:.1f} s")
    # the site's state and the restored copy of the live backup, read side by side
    state, live["found"] = side_by_side(lambda: cluster.run("state", on=cluster.b),
                                        lambda: restore_live(live, postgres, cluster.home))
    return {"outcomes": outcomes, "health": health, "state": state, "live": live,
            "done": [done_counts(log) for _inst, _proc, log in cluster.workers]}

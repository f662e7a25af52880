"""The processes the fault tests break: the project's own PostgreSQL, one
Zope process on RelStorage, the outbox worker, the sandbox protocol register
and the mail sink, each a real process on a free loopback port, each
killable (``kill -9``) and restartable. Everything lives in one scratch
folder and is stopped when the rig is, even after a failure.

:meth:`Rig.state` reads the database directly (a RelStorage connection of
the test process, no Zope), so a check costs no Zope start-up.
"""

from pathlib import Path
from tests.operations.instance import env
from tests.operations.instance import Instance
from tests.test_start import _free_port
from tests.test_start import _script as script

import json
import requests
import signal
import subprocess
import sys
import time
import transaction


ROOT = Path(__file__).resolve().parent.parent.parent
BIN = Path(sys.executable).parent
SITE_SCRIPT = Path(__file__).with_name("site_script.py")


class Process:
    """One child process with its log; ``kill()`` is ``kill -9``."""

    def __init__(self, name, command, log):
        self.name, self.command, self.log = name, command, log
        self.proc = None

    def start(self):
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen(self.command, env=env(), cwd=ROOT, stdout=log,
                                         stderr=subprocess.STDOUT, start_new_session=True)
        return self

    @property
    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def kill(self):
        if self.alive:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(30)

    def stop(self):
        if self.alive:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.kill()


def wait_for(check, what, timeout, process=None, pause=0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None:
            assert process.alive, f"{what}: the process exited (see {process.log})"
        if check():
            return
        time.sleep(pause)
    raise AssertionError(f"{what}: not after {timeout} s")


def answers(url):
    try:
        return requests.get(url, timeout=2).status_code < 500
    except requests.RequestException:
        return False


class Simulator:
    """A sandbox simulator and its ``/_control`` hooks."""

    def __init__(self, rig, name, *args):
        self.port = _free_port(span=2)
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = Process(name, [sys.executable, "-m", f"sandbox.{name}", "--port",
                                      str(self.port), *args], rig.logs / f"{name}.log")

    def start(self):
        self.process.start()
        wait_for(lambda: answers(f"{self.url}/_control/state"), self.process.name, 60, self.process)

    def control(self, mode="ok", delay=0, times=None):
        requests.post(f"{self.url}/_control", json={"mode": mode, "delay": delay, "times": times},
                      timeout=10).raise_for_status()

    def get(self, path):
        return requests.get(f"{self.url}{path}", timeout=10).json()


class Rig:
    def __init__(self, home):
        self.home = Path(home)
        self.logs = self.home / "logs"
        self.logs.mkdir(parents=True, exist_ok=True)
        self.pg = script("pgserver").Server(self.home / "pg", _free_port(span=1))
        self.protocol = Simulator(self, "protocol")
        self.sink = Simulator(self, "mailsink")
        self.smtp_port = _free_port(span=1)
        self.sink.process.command += ["--smtp-port", str(self.smtp_port)]
        self.instance = self.worker = self.db = None
        self.info = {}

    # -- start and stop ------------------------------------------------------

    def start(self, citizens):
        self.pg.start()
        self.dsn = self.pg.createdb("faults")
        self.protocol.start()
        self.sink.start()
        self.instance = Instance(self.home, relstorage=self.dsn).write()
        (self.instance.var / "log").mkdir(parents=True, exist_ok=True)
        out = self.home / "site.json"
        subprocess.run([str(BIN / "zconsole"), "run", str(self.instance.etc / "zope.conf"),
                        str(SITE_SCRIPT), str(out), str(citizens), self.protocol.url,
                        str(self.smtp_port)], check=True, env=env(), cwd=ROOT, timeout=600,
                       stdout=open(self.logs / "setup.log", "ab"), stderr=subprocess.STDOUT)
        self.info = json.loads(out.read_text("utf-8"))
        self.worker = Process("worker", [str(BIN / "zconsole"), "run",
                                         str(self.instance.etc / "zope.conf"),
                                         str(ROOT / "scripts" / "worker.py"), "--site-id", "Plone"],
                              self.logs / "worker.log")
        self.start_zope()
        self.worker.start()
        return self

    def stop(self):
        if self.db is not None:
            self.db.close()
        if self.worker is not None:
            self.worker.stop()
        if self.instance is not None:
            self.instance.stop()
        self.sink.process.stop()
        self.protocol.process.stop()
        self.pg.stop(mode="immediate")

    def start_zope(self):
        self.instance.start_zope()

    def kill_zope(self):
        self.instance.zope.send_signal(signal.SIGKILL)
        self.instance.zope.wait(30)
        self.instance.processes.remove(self.instance.zope)

    @property
    def type_url(self):
        return f"{self.instance.url}/{self.info['type']}"

    # -- what the database holds ---------------------------------------------

    def _outbox(self, conn):
        site = conn.root()["Application"]["Plone"]
        site._p_activate()  # a ghost's __dict__ is empty
        return site, site.__dict__.get("_comune_istanze_outbox")

    def _connection(self):
        """A connection that sees the last commit (explicit transaction)."""
        if self.db is None:
            import ZODB.config

            self.db = ZODB.config.databaseFromString(
                "%import relstorage\n<zodb>\n<relstorage>\nkeep-history false\n"
                f"blob-dir {self.home / 'reader-blobs'}\nshared-blob-dir false\n"
                f"<postgresql>\ndsn {self.dsn}\n</postgresql>\n</relstorage>\n</zodb>\n")
        manager = transaction.TransactionManager(explicit=True)
        conn = self.db.open(manager)
        manager.begin()
        return conn

    def _done(self, conn):
        conn.transaction_manager.abort()
        conn.close()

    def open_jobs(self):
        """The states of the jobs still listed as open (cheap: no other job is read)."""
        conn = self._connection()
        try:
            box = self._outbox(conn)[1]
            return [shard.jobs[i].state for shard in (box.shards if box else ()) for i in shard.open]
        finally:
            self._done(conn)

    def state(self):
        """Every application (id, applicant, number, state, protocol number)
        and every outbox job (kind, key, state, attempts, results)."""
        conn = self._connection()
        try:
            site, box = self._outbox(conn)
            apps = [_application(obj) for obj in site[self.info["type"]]._tree.values()]
            jobs = [_job(j) for shard in (box.shards if box else ()) for j in shard.jobs.values()]
        finally:
            self._done(conn)
        return {"applications": apps, "jobs": jobs}


def _application(obj):
    obj._p_activate()
    data = obj.__dict__
    history = [entry for entries in (data.get("workflow_history") or {}).values()
               for entry in entries]
    last = max(history, key=lambda e: e["time"]) if history else {}
    return {"id": data.get("id"), "applicant": data.get("applicant_id"),
            "number": data.get("number"), "state": last.get("review_state"),
            "protocol": data.get("protocol_number")}


def _job(job):
    job._p_activate()
    return {"kind": job.kind, "key": job.key, "state": job.state, "attempts": job.attempts,
            "target": job.target, "results": dict(job.results), "error": job.last_error}

"""A ``scripts/cluster.py`` process as an operator runs it (any role), on
free ports in a scratch folder, and what its state file says."""

from pathlib import Path
from tests.test_start import _script as script

import json
import os
import signal
import subprocess
import sys
import time


ROOT = Path(__file__).resolve().parent.parent.parent
READY = "Ctrl-C per fermare tutto"


class Running:
    """The cluster process and what its state file says."""

    def __init__(self, home, port, *args):
        self.home, self.port, self.args = home, port, args or ("--zopes", "2")
        self.log = home / "cluster.log"
        self.proc = None
        self.ready_seconds = None

    def start(self, timeout=900):
        started = time.monotonic()
        self.home.mkdir(parents=True, exist_ok=True)
        out = open(self.log, "ab")
        self.proc = subprocess.Popen(
            [sys.executable, str(ROOT / "scripts" / "cluster.py"), "--home", str(self.home),
             "--port", str(self.port), *self.args],
            cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
            env=dict(os.environ, ADMIN_PASSWORD="secret-Admin-1"))
        out.close()
        while READY not in self.log.read_text(errors="replace"):
            assert self.proc.poll() is None, self.tail()
            assert time.monotonic() - started < timeout, "cluster not ready\n" + self.tail()
            time.sleep(1)
        self.ready_seconds = time.monotonic() - started
        print(f"{' '.join(self.args)}: ready in {self.ready_seconds:.0f} s")
        return self

    def tail(self):
        return self.log.read_text(errors="replace")[-4000:]

    def tracebacks(self, limit=3000):
        """The last traceback of each process log under ``var/log`` (for a
        failure's message: which process answered an error, and why)."""
        found = []
        for log in sorted((self.home / "var" / "log").glob("*.log")):
            text = log.read_text(errors="replace")
            if "Traceback" in text:
                found.append(f"== {log.name}\n{text[text.rindex('Traceback'):][:limit]}")
        return "\n".join(found) or "no traceback in var/log"

    @property
    def state(self):
        return json.loads((self.home / "run" / "state.json").read_text("utf-8"))

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}/Plone"

    def zope_url(self, name):
        return f"http://127.0.0.1:{self.state['zopes'][name]}/Plone"

    def servers(self):
        return script("balancer").servers(self.home / "run" / "haproxy.sock")

    def dsn(self):
        return self.pg().dsn("comune_istanze")

    def pg(self):
        return script("pgserver").Server(self.home / "postgresql", self.port + 30)

    def stop(self, timeout=120):
        """SIGTERM, as Ctrl-C would; returns the exit code."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(timeout)
        return self.proc.returncode

    def cleanup(self):
        """Whatever is left after a failure: every listed pid, PostgreSQL."""
        try:
            self.stop()
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        try:
            pids = self.state["pids"]
        except (OSError, ValueError):
            pids = {}
        for name, pid in pids.items():
            if name != "postgresql":
                try:
                    os.killpg(pid, signal.SIGKILL)
                except OSError:
                    pass
        self.pg().stop(mode="immediate")

"""A real instance as ``make start`` lays it out (ZEO + FileStorage + blobs),
driven by the operations tests: ZEO, Zope (waitress), ``zconsole run``."""

from pathlib import Path
from tests.test_start import _free_port
from tests.test_start import _script as script

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request


ROOT = Path(__file__).resolve().parent.parent.parent
BIN = Path(sys.executable).parent
SCRIPT = Path(__file__).with_name("site_script.py")


def env():
    return dict(os.environ, PYTHONPATH=os.pathsep.join(
        filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))


class Instance:
    """``relstorage``: a DSN (scripts/pgserver.py ``Server.createdb``); then
    there is no ZEO and ``start_zeo`` only prepares the folders."""

    def __init__(self, home, port=None, relstorage=None):
        self.home = Path(home)
        self.instance, self.var = self.home / "instance", self.home / "var"
        self.port = port or _free_port()
        self.relstorage = relstorage
        self.processes = []

    @property
    def etc(self):
        return self.instance / "etc"

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}/Plone"

    def write(self):
        script("make_instance").write_instance(self.instance, self.var, self.port,
                                               relstorage=self.relstorage)
        return self

    def _wait(self, check, what, proc, timeout=120):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert proc.poll() is None, f"{what} exited ({proc.returncode})"
            if check():
                return
            time.sleep(0.2)
        raise AssertionError(f"{what} not ready after {timeout} s")

    def start_zeo(self):
        if self.relstorage:
            return self
        log = open(self.var / "log" / "zeo-test.log", "ab")
        proc = subprocess.Popen([str(BIN / "runzeo"), "-C", str(self.etc / "zeo.conf")],
                                stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        self.processes.append(proc)
        serve = script("serve")
        self._wait(lambda: serve.unix_socket_alive(self.var / "zeo.sock"), "ZEO", proc)
        return self

    def start_zope(self):
        log = open(self.var / "log" / "runwsgi-test.log", "ab")
        proc = subprocess.Popen([str(BIN / "runwsgi"), str(self.etc / "zope.ini")], env=env(),
                                stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        self.processes.append(proc)
        self.zope = proc
        self._wait(lambda: script("serve").http_ok(f"{self.url}/@@ok"), "Zope", proc, 300)
        return self

    def stop_zope(self):
        terminate(self.zope)
        self.processes.remove(self.zope)

    def stop(self):
        for proc in reversed(self.processes):
            terminate(proc)
        self.processes.clear()

    def run(self, *args, script=SCRIPT):
        """``zconsole run`` of ``script`` (site_script.py); returns what it wrote."""
        out = self.home / f"out-{time.monotonic_ns()}.json"
        done = subprocess.run([str(BIN / "zconsole"), "run", str(self.etc / "zope.conf"),
                               str(script), args[0], str(out), *map(str, args[1:])],
                              env=env(), cwd=ROOT, timeout=600, capture_output=True, text=True)
        # the script's own output (its traceback) in the failure, not only its exit status
        assert done.returncode == 0, (f"zconsole run {script.name} {args[0]}: exit "
                                      f"{done.returncode}\n{done.stdout[-4000:]}{done.stderr[-8000:]}")
        return json.loads(out.read_text("utf-8"))


def terminate(proc):
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def make(*args, **variables):
    """``make <args> VAR=value...`` in the checkout; returns the completed process."""
    command = ["make", "--no-print-directory", *args, *(f"{k}={v}" for k, v in variables.items())]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)


def get(url, auth=None):
    import base64

    request = urllib.request.Request(url, headers={"Accept": "application/json"})
    if auth:
        request.add_header("Authorization",
                           "Basic " + base64.b64encode(":".join(auth).encode()).decode())
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()

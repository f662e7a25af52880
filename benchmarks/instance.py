"""A throw-away Zope instance for the benchmark: FileStorage + blobs, waitress.

Everything lives under one temporary directory; waitress is configured as
in the shipped instance (``scripts/make_instance.py``). Its ``etc/site.zcml`` is
the shipped one plus ``benchmarks/bench.zcml`` (the conflict
counter), so the shipped package never carries benchmark code.
"""

from pathlib import Path

import importlib.util
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import Zope2.utilities


REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent

ZOPE_CONF = """\
%define INSTANCE {home}
instancehome $INSTANCE
<environment>
  CHAMELEON_CACHE $INSTANCE/var/cache
  zope_i18n_compile_mo_files true
  zope_i18n_allowed_languages it en
  BENCH_CONFLICT_LOG $INSTANCE/var/log/conflicts.jsonl
  BENCH_TIMING_LOG $INSTANCE/var/log/timing.jsonl
</environment>
<zodb_db main>
  cache-size 50000
  <blobstorage>
    blob-dir $INSTANCE/var/blobstorage
    <filestorage>
      path $INSTANCE/var/filestorage/Data.fs
    </filestorage>
  </blobstorage>
  mount-point /
</zodb_db>
"""


def _make_instance():
    spec = importlib.util.spec_from_file_location("make_instance", REPO / "scripts" / "make_instance.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _site_zcml():
    """The shipped instance's ``site.zcml`` (without the add-ons this
    environment has for the tests only), plus ``bench.zcml``."""
    shipped = getattr(_make_instance(), "site_zcml", None)
    if shipped is not None:
        text = shipped()
    else:  # an older checkout (``run.py --ref``): Zope's own
        text = (Path(Zope2.utilities.__file__).parent / "skel" / "etc" / "site.zcml").read_text()
    return text.replace("</configure>", BENCH_INCLUDE)


ZOPE_INI = _make_instance().SERVER_INI.replace("{host}", "127.0.0.1") + """
[pipeline:main]
pipeline =
    egg:Zope#httpexceptions
    zope

[loggers]
keys = root, resolution

[handlers]
keys = eventlog, resolution

[formatters]
keys = generic

[logger_root]
level = WARN
handlers = eventlog

[handler_eventlog]
class = FileHandler
args = (r'{home}/var/log/event.log', 'a')
level = NOTSET
formatter = generic

# why ZODB could not resolve a conflict (BTrees: "Conflicting changes", ...)
[logger_resolution]
level = DEBUG
handlers = resolution
qualname = ZODB.ConflictResolution
propagate = 0

[handler_resolution]
class = FileHandler
args = (r'{home}/var/log/resolution.log', 'a')
level = NOTSET
formatter = generic

[formatter_generic]
format = %(asctime)s %(levelname)s [%(name)s][%(threadName)s] %(message)s
"""

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


BENCH_INCLUDE = '  <include package="benchmarks" file="bench.zcml" />\n</configure>'


class Instance:
    """A Zope instance home under ``home``; ``start()`` serves it on ``port``."""

    def __init__(self, home, port, threads=2, paths=()):
        self.home = Path(home)
        self.paths = [str(p) for p in paths]  # put before the installed code
        self.port = port
        self.threads = threads
        self.process = None

    @property
    def conf(self):
        return self.home / "etc" / "zope.conf"

    @property
    def conflict_log(self):
        return self.home / "var" / "log" / "conflicts.jsonl"

    @property
    def resolution_log(self):
        return self.home / "var" / "log" / "resolution.log"

    @property
    def event_log(self):
        return self.home / "var" / "log" / "event.log"

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def create(self):
        for sub in ("etc", "var/log", "var/cache", "var/filestorage", "var/blobstorage"):
            (self.home / sub).mkdir(parents=True, exist_ok=True)
        home = str(self.home)
        self.conf.write_text(ZOPE_CONF.format(home=home))
        (self.home / "etc" / "zope.ini").write_text(
            ZOPE_INI.format(home=home, port=self.port, threads=self.threads)
        )
        (self.home / "etc" / "site.zcml").write_text(_site_zcml())
        return self

    def env(self):
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(
            filter(None, [*self.paths, str(REPO), env.get("PYTHONPATH")])
        )
        return env

    def run_script(self, script, *args):
        """Run ``script`` with ``zconsole run`` (the server must be stopped)."""
        cmd = [str(BIN / "zconsole"), "run", str(self.conf), str(Path(script).resolve()), *map(str, args)]
        subprocess.run(cmd, check=True, env=self.env(), cwd=self.home)

    def start(self, timeout=180):
        cmd = [str(BIN / "runwsgi"), str(self.home / "etc" / "zope.ini")]
        out = open(self.home / "var" / "log" / "runwsgi.log", "ab")
        self.process = subprocess.Popen(
            cmd, env=self.env(), cwd=self.home, stdout=out, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"Zope non è partito: vedi {out.name}")
            try:
                urllib.request.urlopen(self.url + "/", timeout=2)
                return self
            except urllib.error.HTTPError:
                return self  # any HTTP answer means the server is up
            except OSError:
                time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"Zope non risponde su {self.url} dopo {timeout} s")

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def shutdown(self):
        """Stop every process of the instance, keeping its files."""
        self.stop()

    def export_source(self, ref):
        """Serve the package as committed at git ``ref`` instead of the working tree."""
        target = self.home.parent / "source"
        target.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(
            ["git", "-C", str(REPO), "archive", ref, "src"], check=True, capture_output=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
        self.paths.insert(0, str(target / "src"))
        return self

    def remove(self):
        self.stop()
        shutil.rmtree(self.home, ignore_errors=True)

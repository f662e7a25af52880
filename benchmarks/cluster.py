"""P1 on the cluster (``run.py --cluster N``, see benchmarks/README.md).

The same throw-away instance as :mod:`benchmarks.instance`, on RelStorage
instead of FileStorage: a PostgreSQL server of its own under the instance
folder (``scripts/pgserver.py``), N Zope processes (each its own port and
blob cache, the same configuration otherwise) and HAProxy in front of them
with the configuration of ``make cluster`` (``scripts/balancer.py``: health
checks on ``@@health``, ``leastconn``, a bounded queue per process). The
istanze submissions go through HAProxy to every process; the EasyForm
submissions go to the first process only: the anchor is EasyForm on one
process, in the same run. Conflict and resolution logs of every process are
written to the same two files.
"""

from benchmarks import load
from benchmarks.instance import free_port
from benchmarks.instance import Instance
from benchmarks.instance import ZOPE_CONF
from scripts import balancer
from scripts import make_instance
from scripts import pgserver

import os
import shutil
import subprocess
import time
import urllib.error
import urllib.request


DATABASE = "bench"
# The shipped RelStorage section (scripts/make_instance.py), blobs cached
# under the instance's own var/.
STORAGE = ("%import relstorage\n<zodb_db main>\n  cache-size 50000\n"
           + make_instance.RELSTORAGE.replace("$VAR/", "$INSTANCE/var/")
           + "\n  mount-point /\n</zodb_db>\n")


def relstorage_conf(home, dsn, logs):
    """zope.conf of one process: RelStorage on ``dsn``, the shared logs."""
    head = ZOPE_CONF.split("<zodb_db main>")[0].format(home=home)
    head = head.replace("$INSTANCE/var/log/", f"{logs}/")
    return head + STORAGE.format(dsn=dsn)


class ClusterInstance(Instance):
    """``zopes`` Zope processes on one PostgreSQL behind HAProxy on ``port``.

    ``run_script`` (site setup, counting) runs on the instance's own
    configuration, on the same database; :attr:`process` is the first Zope
    process (its CPU time), :attr:`zopes` all of them.
    """

    def __init__(self, home, port, threads=2, zopes=2):
        super().__init__(home, port, threads)
        self.zopes = [Instance(self.home / f"zope-{n}", free_port(), threads)
                      for n in range(1, zopes + 1)]
        self.pg = pgserver.Server(self.home / "postgresql", free_port())
        self.haproxy = None

    @property
    def stats(self):
        return self.home / "haproxy.sock"

    @property
    def pids(self):
        return [z.process.pid for z in self.zopes if z.process is not None]

    @property
    def process(self):
        return self.zopes[0].process

    @process.setter
    def process(self, value):  # Instance.__init__ sets it: the first process is ours
        pass

    def create(self):
        self.pg.start()
        # pg_stat_statements (PostgreSQL's contrib, in Debian's package): the
        # commits, statements and object loads per submission (pg_snapshot)
        self.pg.psql("ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'")
        self.pg.stop()
        self.pg.start()
        dsn = self.pg.createdb(DATABASE)
        self.pg.psql("CREATE EXTENSION IF NOT EXISTS pg_stat_statements", DATABASE)
        logs = self.home / "var" / "log"
        for instance in [self] + self.zopes:
            Instance.create(instance)
            instance.conf.write_text(relstorage_conf(instance.home, dsn, logs))
            ini = instance.home / "etc" / "zope.ini"
            ini.write_text(ini.read_text().replace(str(instance.resolution_log), str(self.resolution_log)))
            instance.paths = self.paths  # --ref: the same exported source for all
        return self

    def start(self, timeout=180):
        for zope in self.zopes:
            zope.start(timeout)
        cfg = self.home / "haproxy.cfg"
        backends = [(f"zope-{n}", f"127.0.0.1:{z.port}") for n, z in enumerate(self.zopes, 1)]
        cfg.write_text(balancer.config(self.port, backends, self.stats, threads=self.threads))
        log = open(self.home / "var" / "log" / "haproxy.log", "ab")
        self.haproxy = subprocess.Popen(balancer.command(cfg), stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.haproxy.poll() is not None:
                raise RuntimeError(f"HAProxy non è partito: vedi {log.name}")
            if balancer.all_up(self.stats, [name for name, _a in backends]) and self._answers():
                return self
            time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"HAProxy non vede i processi Zope dopo {timeout} s")

    def _answers(self):
        try:
            urllib.request.urlopen(self.url + "/", timeout=2)
        except urllib.error.HTTPError:
            return True
        except OSError:
            return False
        return True

    def pg_snapshot(self):
        """PostgreSQL's work so far on the benchmark's database: RelStorage
        commits (``lock_and_choose_tid_and_move``, one per ZODB commit), SQL
        statements, object loads, and the CPU seconds of the server's
        processes (postmaster and backends)."""
        row = self.pg.psql(
            "SELECT coalesce(sum(calls) FILTER (WHERE query LIKE '%lock_and_choose_tid_and_move%'), 0),"
            " coalesce(sum(calls), 0),"
            " coalesce(sum(calls) FILTER (WHERE query LIKE '%load_current_query%'), 0)"
            " FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database"
            f" WHERE datname = '{DATABASE}')", DATABASE)
        commits, statements, loads = (int(x) for x in row.split("|"))
        return {"commits": commits, "statements": statements, "loads": loads,
                "cpu_ms": 1000 * sum(map(cpu_seconds, postgres_pids(self.pg)))}

    def stop(self):
        if self.haproxy is not None and self.haproxy.poll() is None:
            self.haproxy.terminate()
            self.haproxy.wait(30)
        self.haproxy = None
        for zope in self.zopes:
            zope.stop()

    def shutdown(self):
        """Stop everything, PostgreSQL included (also with ``--keep``)."""
        self.stop()
        self.pg.stop()

    def remove(self):
        self.shutdown()
        shutil.rmtree(self.home, ignore_errors=True)


def cpu_seconds(pid):
    """:func:`benchmarks.run.cpu_seconds`, 0 for a process already gone."""
    from benchmarks.run import cpu_seconds as of

    try:
        return of(pid)
    except OSError:
        return 0.0


def postgres_pids(server):
    """The postmaster of ``server`` and its children (backends, writers)."""
    postmaster = int((server.datadir / "postmaster.pid").read_text().split()[0])
    children = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = open(f"/proc/{entry}/stat").read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(stat[1]) == postmaster:
                children.append(int(entry))
    return [postmaster] + children


def targets(instance):
    """``make_targets`` for :func:`benchmarks.run.measure`: istanze through
    HAProxy, EasyForm on the first process alone."""

    def make(base, info, args):
        one = f"{instance.zopes[0].url}/{info['site']}"
        return (load.IstanzeTarget(base, info, args.route), load.EasyFormTarget(one, info))

    return make

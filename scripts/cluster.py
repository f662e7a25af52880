"""``make cluster``: the demo site on several Zope processes, RelStorage and HAProxy.

On one computer (``--role all``, what ``make cluster`` runs), in this order:

1. PostgreSQL of the project's own (``scripts/pgserver.py``: data in
   ``<home>/postgresql``, port PORT+30; no system service), database
   ``comune_istanze``; skipped when ``--dsn`` names another server;
2. the instance in ``<home>/instance`` on RelStorage (``scripts/make_instance.py``),
   one waitress file per process: ``etc/zope-<n>.ini`` on port PORT+19+n;
3. the demo site, as ``make start`` creates it (``scripts/serve.py``
   ``setup_site``: only the first time), the simulators and the outbox worker;
4. N Zope processes (``--zopes``, default 2) and HAProxy on PORT in front of
   them (``scripts/balancer.py``: health checks on ``@@health``).

Every process is supervised (``scripts/supervisor.py``): one that dies is
started again after a pause, logged in ``<home>/var/log/supervisor.log``,
while HAProxy serves from the others. Ctrl-C or SIGTERM stops everything,
PostgreSQL last. ``<home>/run/state.json`` lists ports and pids.

In production, one command per host (docs/guida-operatore.md, "Cluster"):
``--role zope --dsn DSN [--worker]`` on each application server, ``--role
haproxy --backends host:port,...`` on the balancer; ``--haproxy-config``
prints the balancer's configuration.

From Python (tests, benchmarks)::

    from scripts.cluster import Cluster
    cluster = Cluster(home, port, zopes=2).start()   # returns when HAProxy serves
    cluster.url, cluster.zope_urls, cluster.zope_pids, cluster.servers()
    cluster.kill("zope-1")        # SIGKILL; the supervisor restarts it
    cluster.wait_up()             # every process UP in HAProxy again
    cluster.stop()
"""

from pathlib import Path

import argparse
import json
import os
import signal
import sys
import time


ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from scripts import balancer  # noqa: E402
from scripts import make_instance  # noqa: E402
from scripts import pgserver  # noqa: E402
from scripts import serve  # noqa: E402
from scripts.supervisor import GaveUp  # noqa: E402
from scripts.supervisor import Supervisor  # noqa: E402
from scripts.supervisor import Watcher  # noqa: E402


ZOPE_OFFSET = 20  # Zope n listens on PORT + 19 + n
PG_OFFSET = 30
DATABASE = "comune_istanze"
ROLES = ("all", "zope", "haproxy")


class Cluster:
    """The processes of one host of the cluster (``role``), supervised."""

    def __init__(self, home, port=8080, zopes=2, site_id="Plone", host="127.0.0.1",
                 role="all", dsn=None, backends=None, worker=None, simulators=True,
                 threads=2, ready_timeout=900):
        if role not in ROLES:
            raise ValueError(f"ruolo sconosciuto: {role}")
        if role == "zope" and not dsn:
            raise serve.Startup("--role zope richiede --dsn (il database PostgreSQL comune)")
        if role == "haproxy" and not backends:
            raise serve.Startup("--role haproxy richiede --backends host:porta,...")
        self.home = Path(home).resolve()
        self.port, self.site_id, self.host, self.role = int(port), site_id, host, role
        self.zopes = int(zopes) if role != "haproxy" else 0
        self.dsn, self.threads, self.ready_timeout = dsn, threads, ready_timeout
        self.worker = (role == "all") if worker is None else bool(worker)
        self.simulators = simulators and role == "all"
        self.backends = (balancer.parse_backends(backends) if isinstance(backends, str)
                         else list(backends or []))
        self.instance, self.var, self.run = self.home / "instance", self.home / "var", self.home / "run"
        self.pg = None
        self.supervisor = Supervisor(self.var / "log", cwd=ROOT, on_change=self._write_state)
        self.watcher = None
        self.started_simulators = []

    # --- what the cluster is -------------------------------------------------

    @property
    def etc(self):
        return self.instance / "etc"

    @property
    def zope_names(self):
        return [f"zope-{n}" for n in range(1, self.zopes + 1)]

    @property
    def zope_ports(self):
        return [self.port + ZOPE_OFFSET + n for n in range(self.zopes)]

    @property
    def zope_urls(self):
        return [f"http://{self._local(self.host)}:{p}/{self.site_id}" for p in self.zope_ports]

    @property
    def url(self):
        """The site through HAProxy."""
        return f"http://{self._local(self.host)}:{self.port}/{self.site_id}"

    @property
    def stats(self):
        return self.run / "haproxy.sock"

    @property
    def state_file(self):
        return self.run / "state.json"

    @property
    def zope_pids(self):
        pids = self.supervisor.pids()
        return {name: pids[name] for name in self.zope_names if name in pids}

    def pids(self):
        """{name: pid} of every process alive (PostgreSQL's postmaster too)."""
        pids = self.supervisor.pids()
        if self.pg is not None and (self.pg.datadir / "postmaster.pid").exists():
            pids["postgresql"] = int((self.pg.datadir / "postmaster.pid").read_text().split()[0])
        return pids

    def servers(self):
        """{zope-n: "UP"|"DOWN"|...} as HAProxy sees them now."""
        return balancer.servers(self.stats)

    @staticmethod
    def _local(host):
        return "127.0.0.1" if host in ("0.0.0.0", "", "localhost") else host

    # --- start and stop ------------------------------------------------------

    def start(self):
        started = time.monotonic()
        self.run.mkdir(parents=True, exist_ok=True)
        try:
            if self.role in ("all", "haproxy") and serve.tcp_port_alive(self.port):
                raise serve.Startup(f"la porta {self.port} è già occupata")
            if self.role != "haproxy":
                self._start_database()
                self._write_instance()
            if self.role == "all":
                serve.setup_site(self.etc, self.var, self.site_id, self.port)
                if self.simulators:
                    self.started_simulators = serve.start_simulators(
                        self.supervisor, self.port, self.site_id)
            if self.worker:
                serve.start_worker(self.supervisor, self.etc, self.site_id)
            self._start_zopes()
            if self.role != "zope":
                self._start_haproxy()
            self.watcher = Watcher(self.supervisor)
            self.watcher.start()
        except BaseException:
            self.stop()
            raise
        self.seconds = time.monotonic() - started
        return self

    def _start_database(self):
        if self.dsn:
            return
        self.pg = pgserver.Server(self.home / "postgresql", self.port + PG_OFFSET)
        self.pg.start()
        self.dsn = self.pg.createdb(DATABASE)

    def _write_instance(self):
        host = self.host if self.role == "zope" else "127.0.0.1"  # behind HAProxy
        make_instance.write_instance(self.instance, self.var, self.zope_ports[0], host,
                                     self.threads, relstorage=self.dsn)
        for name, port in zip(self.zope_names, self.zope_ports):
            make_instance.write_zope_ini(self.etc / f"{name}.ini", host, port, self.var,
                                         self.threads, prefix=f"{name}-")

    def _start_zopes(self):
        procs = [self.supervisor.start(name, [serve.BIN / "runwsgi", self.etc / f"{name}.ini"])
                 for name in self.zope_names]
        for name, proc, url in zip(self.zope_names, procs, self.zope_urls):
            serve.wait_for(lambda url=url: serve.http_ok(f"{url}/@@ok"), name,
                           self.ready_timeout, proc)

    def _start_haproxy(self):
        backends = self.backends or [(name, f"127.0.0.1:{port}")
                                     for name, port in zip(self.zope_names, self.zope_ports)]
        self.backends = backends
        cfg = self.run / "haproxy.cfg"
        cfg.write_text(balancer.config(self.port, backends, self.stats, self.site_id,
                                       bind=self.host, threads=self.threads), encoding="utf-8")
        proc = self.supervisor.start("haproxy", balancer.command(cfg))
        self.wait_up(timeout=60, proc=proc)

    def wait_up(self, names=None, timeout=120, proc=None):
        """Wait until HAProxy marks every process (or ``names``) UP."""
        names = names or [name for name, _address in self.backends]
        serve.wait_for(lambda: balancer.all_up(self.stats, names), "HAProxy", timeout, proc)

    def kill(self, name, sig=signal.SIGKILL):
        """Send ``sig`` (default SIGKILL) to process ``name``; returns its pid."""
        return self.supervisor.kill(name, sig)

    def stop(self):
        """Stop every process, last started first; PostgreSQL last."""
        if self.watcher is not None:
            self.watcher.halt()
        self.supervisor.stop()
        if self.pg is not None:
            self.pg.stop()
        self._write_state(self.supervisor)

    def _write_state(self, supervisor):
        pg = None if self.pg is None else {"datadir": str(self.pg.datadir), "port": self.pg.port}
        state = {"role": self.role, "url": self.url, "port": self.port, "stats": str(self.stats),
                 "zopes": dict(zip(self.zope_names, self.zope_ports)), "pids": self.pids(),
                 "postgresql": pg}
        self.run.mkdir(parents=True, exist_ok=True)
        tmp = self.state_file.with_suffix(".tmp")
        tmp.write_text(json.dumps(state, indent=2), encoding="utf-8")
        tmp.replace(self.state_file)

    def banner(self):
        if self.role == "all":
            serve.banner(self.url.replace("127.0.0.1", "localhost"), self.started_simulators,
                         self.port, self.var / "demo-accounts.txt", self.worker or None, self.seconds,
                         host=self.host, command="make cluster")
        lines = [f"  Ruolo {self.role}, cartella {self.home}"]
        lines += [f"  {name}: http://{self._local(self.host)}:{port}/{self.site_id}"
                  for name, port in zip(self.zope_names, self.zope_ports)]
        if self.role != "zope":
            lines.append(f"  HAProxy su {self.host}:{self.port} ({len(self.backends)} processi), "
                         f"statistiche: echo 'show stat' | socat - {self.stats}")
        if self.pg is not None:
            lines.append(f"  PostgreSQL: {self.dsn}")
        lines += [f"  Riavvii e arresti: {self.supervisor.logs}/supervisor.log",
                  "  Ctrl-C per fermare tutto.", ""]
        print("\n".join(lines), flush=True)


def parse_args(argv):
    parser = argparse.ArgumentParser(description="Cluster comune.istanze: PostgreSQL, "
                                     "più processi Zope, worker, HAProxy")
    parser.add_argument("--home", type=Path, default=ROOT / "var" / "cluster",
                        help="cartella del cluster (istanza, dati, log)")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", 8080)),
                        help="porta pubblica (HAProxy); Zope su PORT+20.., PostgreSQL su PORT+30")
    parser.add_argument("--zopes", type=int, default=2, help="processi Zope su questo computer")
    parser.add_argument("--host", default="127.0.0.1",
                        help="indirizzo di ascolto di HAProxy (ruolo zope: dei processi Zope)")
    parser.add_argument("--site-id", default="Plone")
    parser.add_argument("--role", choices=ROLES, default="all")
    parser.add_argument("--dsn", default="", help="DSN PostgreSQL (ruolo zope; ruolo all: "
                        "al posto del PostgreSQL del progetto)")
    parser.add_argument("--backends", default="", help="ruolo haproxy: host:porta,... di Zope")
    parser.add_argument("--worker", action="store_true",
                        help="ruolo zope: avvia anche il worker (uno solo in tutto il cluster)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--protocollo", default=os.environ.get("PROTOCOLLO") or "soap",
                        choices=("soap", "agid"))
    parser.add_argument("--haproxy-config", action="store_true",
                        help="stampa la configurazione di HAProxy per --backends ed esce")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    if args.haproxy_config:
        try:
            print(balancer.config(args.port, balancer.parse_backends(args.backends),
                                  "/run/haproxy/comune-istanze.sock", args.site_id,
                                  bind=args.host, threads=args.threads), end="")
        except ValueError as error:
            print(f"Errore: {error}", file=sys.stderr)
            return 1
        return 0

    def on_signal(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_signal)
    # read by sandbox.SIMULATORS and create_site.py, as with serve.py
    os.environ["COMUNE_ISTANZE_PROTOCOLLO"] = args.protocollo
    cluster = None
    try:
        cluster = Cluster(args.home, args.port, args.zopes, args.site_id, args.host, args.role,
                          args.dsn or None, args.backends, args.worker or None,
                          threads=args.threads)
        cluster.start()
        cluster.banner()
        while cluster.watcher.error is None:
            time.sleep(0.5)
        raise cluster.watcher.error
    except KeyboardInterrupt:
        print("\nArresto del cluster in corso...", flush=True)
        return 0
    except (serve.Startup, GaveUp, ValueError, RuntimeError) as error:
        print(f"Errore: {error}", file=sys.stderr)
        return 1
    finally:
        if cluster is not None:
            cluster.stop()


if __name__ == "__main__":
    sys.exit(main())

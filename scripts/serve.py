"""``make start``: database server, demo site, simulators, outbox worker, Zope.

1. the ZEO server of the instance (not with RelStorage);
2. ``scripts/create_site.py`` in Zope: creates "Comune di Esempio" only when
   missing, writes the simulator URLs in the registry;
3. every simulator of ``sandbox.SIMULATORS`` present in the checkout;
4. the outbox worker (``scripts/worker.py``) when ``comune.istanze.outbox.worker``
   exists;
5. Zope with waitress on PORT; prints the URL and the demo accounts, and
   where it listens: 127.0.0.1 unless ``make start HOST=0.0.0.0`` (the
   banner says how to expose it and warns about the admin password).

A child that dies (Zope, the worker, a simulator, ZEO) is started again
after a pause (scripts/supervisor.py); Ctrl-C (or SIGTERM) stops everything
it started, in reverse order. With
``--setup-only`` it stops after step 2; ``--worker-only`` (``make worker``)
runs step 1 and the worker in the foreground.
"""

from pathlib import Path

import argparse
import importlib.util
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request


ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
from scripts.supervisor import GaveUp  # noqa: E402
from scripts.supervisor import Supervisor  # noqa: E402


BIN = Path(sys.executable).parent
WORKER_MODULE = "comune.istanze.outbox.worker"
# comune.istanze.demo.ENV_FLAG: the demo profile runs only when make start sets it.
DEMO_FLAG = "COMUNE_ISTANZE_DEMO"


class Startup(Exception):
    """A service did not come up; the message is for the user."""


def wait_for(check, what, timeout, proc=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise Startup(f"{what}: processo terminato (codice {proc.returncode})")
        if check():
            return
        time.sleep(0.2)
    raise Startup(f"{what}: non risponde dopo {timeout} secondi")


def unix_socket_alive(path):
    with socket.socket(socket.AF_UNIX) as sock:
        try:
            sock.connect(str(path))
        except OSError:
            return False
        return True


def tcp_port_alive(port, host="127.0.0.1"):
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def http_ok(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status < 500
    except urllib.error.HTTPError as error:
        return error.code < 500
    except OSError:
        return False


def start_zeo(services, etc, description):
    sock = Path(description["zeo_socket"])
    if unix_socket_alive(sock):
        print(f"Server ZEO già attivo su {sock}")
        return
    sock.unlink(missing_ok=True)
    proc = services.start("zeo", [str(BIN / "runzeo"), "-C", str(etc / "zeo.conf")])
    wait_for(lambda: unix_socket_alive(sock), "server ZEO", 60, proc)


def zconsole(etc, script, *args):
    return [str(BIN / "zconsole"), "run", str(etc / "zope.conf"), str(script), *args]


def profile_version():
    """The version of comune.istanze:default in the code (metadata.xml)."""
    import re

    metadata = ROOT / "src" / "comune" / "istanze" / "profiles" / "default" / "metadata.xml"
    return re.search(r"<version>\s*([^<\s]+)\s*</version>", metadata.read_text("utf-8")).group(1)


def site_ready(stamp, site_id, port):
    """True when create_site.py already did its job for this site and port,
    with the profile version of this code (else its upgrade steps run)."""
    import sandbox

    try:
        done = json.loads(stamp.read_text("utf-8"))
    except (OSError, ValueError):
        return False
    return done == {"site_id": site_id, "records": sandbox.wanted_records(port),
                    "profile": profile_version()}


def setup_site(etc, var, site_id, port, force=False):
    """Run create_site.py in Zope unless its stamp says nothing changed.

    The stamp lives in var/ beside the data, so a new database means a new
    setup; restarts skip a second Zope start-up and take seconds.
    """
    stamp = Path(var) / f"site-{site_id}.json"
    if not force and site_ready(stamp, site_id, port):
        print(f"Sito /{site_id} già pronto: dati conservati.")
        return
    stamp.unlink(missing_ok=True)
    result = subprocess.run(zconsole(etc, ROOT / "scripts" / "create_site.py",
                                     "--site-id", site_id, "--port", str(port),
                                     "--stamp", str(stamp),
                                     "--protocollo", os.environ.get("COMUNE_ISTANZE_PROTOCOLLO", "soap"),
                                     "--accounts-file", str(Path(var) / "demo-accounts.txt")),
                            cwd=ROOT, env=dict(os.environ, **{DEMO_FLAG: "1"}))
    if result.returncode:
        raise Startup(f"creazione/configurazione del sito fallita (codice {result.returncode})")


def start_simulators(services, port, site_id="Plone"):
    import sandbox

    started = []
    for sim in sandbox.available():
        if tcp_port_alive(sim.port(port)):
            raise Startup(f"la porta {sim.port(port)} di {sim.name} è già occupata")
        name = f"sandbox-{sim.name}"
        proc = services.start(name, sim.command(sys.executable, port, site_id))
        try:
            wait_for(lambda sim=sim: tcp_port_alive(sim.port(port)), f"simulatore {sim.name}",
                     30, proc)
        except Startup as exc:  # say why: the last lines of its log
            log = Path(services.logs) / f"{name}.log"
            tail = log.read_text("utf-8", "replace").strip().splitlines()[-5:] if log.exists() else []
            raise Startup("\n  ".join([f"{exc} (porta {sim.port(port)}); vedi {log}", *tail])) from exc
        started.append(sim)
    return started


def start_worker(services, etc, site_id, log=True):
    if importlib.util.find_spec(WORKER_MODULE) is None:
        print(f"Worker della coda di invio ({WORKER_MODULE}) non ancora disponibile: "
              "non avviato.", file=sys.stderr)
        return None
    return services.start("worker", zconsole(etc, ROOT / "scripts" / "worker.py",
                                             "--site-id", site_id), log=log)


LOOPBACK = ("127.0.0.1", "localhost", "::1")


def exposure(host, port, command="make start"):
    """Banner lines: where Zope listens and how (not) to expose it."""
    if host in LOOPBACK:
        return [f"  In ascolto solo su questo computer ({host}:{port}).",
                f"  Per esporlo in rete: {command} HOST=0.0.0.0, dopo aver cambiato la password",
                "  dell'amministratore (ADMIN_PASSWORD=... al primo avvio, oppure da /acl_users):",
                "  le password degli account demo sono pubbliche."]
    return [f"  ATTENZIONE: in ascolto su {host}:{port}, raggiungibile dalla rete.",
            "  Cambia subito la password dell'amministratore (ADMIN_PASSWORD=... al primo avvio,",
            "  oppure da /acl_users): le password degli account demo sono pubbliche.",
            f"  Solo su questo computer: {command} HOST=127.0.0.1."]


def banner(url, simulators, port, accounts_file, worker, seconds, host="127.0.0.1",
           command="make start"):
    lines = ["", "=" * 72, f"  Comune di Esempio: {url}   (pronto in {seconds:.0f} s)",
             "=" * 72, *exposure(host, port, command), ""]
    for sim in simulators:
        lines.append(f"  Simulatore {sim.title or sim.name}: {sim.url(port)}")
    if worker is not None:
        lines.append("  Worker della coda di invio (outbox): attivo")
    if accounts_file.exists():
        lines.append("")
        lines.extend("  " + line for line in accounts_file.read_text("utf-8").splitlines())
    if command == "make start":
        lines += ["", "  Ctrl-C per fermare tutto.", ""]
    print("\n".join(lines), flush=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description="Avvia il sito demo comune.istanze")
    parser.add_argument("--instance", default=ROOT / "instance", type=Path)
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", 8080)))
    parser.add_argument("--site-id", default="Plone")
    parser.add_argument("--setup-only", action="store_true",
                        help="crea/configura il sito e termina")
    parser.add_argument("--worker-only", action="store_true",
                        help="avvia solo il worker (e il server ZEO se non è attivo)")
    parser.add_argument("--ready-timeout", type=int, default=180)
    parser.add_argument("--protocollo", default=os.environ.get("PROTOCOLLO") or "soap",
                        choices=("soap", "agid"),
                        help="adattatore del protocollo del sito demo: soap (WSDL comune.istanze) "
                             "o agid (comunicazione tra AOO)")
    args = parser.parse_args(argv)
    # read by sandbox.SIMULATORS here and in create_site.py (same environment)
    os.environ["COMUNE_ISTANZE_PROTOCOLLO"] = args.protocollo
    etc = args.instance.resolve() / "etc"
    description = json.loads((etc / "instance.json").read_text("utf-8"))
    if description["port"] != args.port:
        raise SystemExit(f"L'istanza è configurata sulla porta {description['port']}: "
                         "rilancia scripts/make_instance.py (make instance)")
    services = Supervisor(Path(description["var"]) / "log", cwd=ROOT)
    stopping = []

    def on_signal(signum, frame):
        stopping.append(signum)
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_signal)
    started = time.monotonic()
    try:
        if description["storage"] == "zeo":
            start_zeo(services, etc, description)
        if args.worker_only:
            worker = start_worker(services, etc, args.site_id, log=False)
            return 1 if worker is None else worker.wait()
        setup_site(etc, description["var"], args.site_id, args.port,
                   force=args.setup_only)
        if args.setup_only:
            return 0
        if tcp_port_alive(args.port):
            raise Startup(f"la porta {args.port} è già occupata")
        simulators = start_simulators(services, args.port, args.site_id)
        worker = start_worker(services, etc, args.site_id)
        zope = services.start("zope", [str(BIN / "runwsgi"), str(etc / "zope.ini")], log=False)
        url = f"http://localhost:{args.port}/{args.site_id}"
        wait_for(lambda: http_ok(f"{url}/@@ok"), "Zope", args.ready_timeout, zope)
        banner(url, simulators, args.port, Path(description["var"]) / "demo-accounts.txt",
               worker, time.monotonic() - started, host=description.get("host", "127.0.0.1"))
        while True:  # a child that dies is started again (scripts/supervisor.py)
            services.check()
            time.sleep(0.5)
    except KeyboardInterrupt:
        print("\nArresto in corso...", flush=True)
        return 0
    except (Startup, GaveUp) as error:
        print(f"Errore: {error}", file=sys.stderr)
        return 1
    finally:
        services.stop()


if __name__ == "__main__":
    sys.exit(main())

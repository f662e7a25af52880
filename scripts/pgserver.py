"""A PostgreSQL server of the project's own, for RelStorage: no system service.

``make cluster`` and the RelStorage tests start Debian's PostgreSQL (package
``postgresql``, binaries in ``/usr/lib/postgresql/<major>/bin``) on a data
folder of theirs (``var/postgresql`` by default) and a port of theirs,
listening on 127.0.0.1 and on a Unix socket inside the data folder, with
``trust`` authentication for the local user ``plone`` (loopback only; a
production server gets its own PostgreSQL with passwords, see
``docs/guida-operatore.md``).

PostgreSQL refuses to run as root: when this script runs as root, the data
folder belongs to the ``postgres`` user and every server command runs through
``runuser -u postgres``. ::

    python scripts/pgserver.py --datadir var/postgresql --port 5433 init
    python scripts/pgserver.py --datadir var/postgresql --port 5433 start
    python scripts/pgserver.py --datadir var/postgresql --port 5433 createdb plone
    python scripts/pgserver.py --datadir var/postgresql --port 5433 dsn plone
    python scripts/pgserver.py --datadir var/postgresql --port 5433 stop
"""

from pathlib import Path

import argparse
import glob
import os
import pwd
import shutil
import subprocess
import sys
import time


USER = "plone"
# Two RelStorage commits that lock the same objects can deadlock (the shared
# readCurrent locks of BTree inserts taken before the exclusive ones): the
# settling transactions of two Zope processes, both cataloguing. PostgreSQL
# breaks a deadlock only after deadlock_timeout (default 1 s), and the
# transaction it aborts is retried (a ConflictError); meanwhile both waited.
# At 100 ms the 1-second stalls of the 2-process P1 are gone
# (benchmarks/README.md, session 7). Not a durability setting: a lock wait
# longer than this only makes PostgreSQL look for a deadlock.
DEADLOCK_TIMEOUT = "100ms"


def bindir():
    """Folder of Debian's PostgreSQL binaries (the newest major installed)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"),
                   key=lambda p: int(Path(p).parent.parent.name))
    if found:
        return Path(found[-1]).parent
    pg_ctl = shutil.which("pg_ctl")
    if pg_ctl:
        return Path(pg_ctl).resolve().parent
    raise SystemExit("PostgreSQL non è installato: apt-get install postgresql")


class Server:
    """One PostgreSQL server: a data folder and a port."""

    def __init__(self, datadir, port, host="127.0.0.1"):
        self.datadir = Path(datadir).resolve()
        self.port = int(port)
        self.host = host
        self.bin = bindir()

    @property
    def as_root(self):
        return os.geteuid() == 0

    def _run(self, *args, check=True, capture=False):
        command = [str(a) for a in args]
        if self.as_root:
            command = ["runuser", "-u", "postgres", "--"] + command
        result = subprocess.run(command, text=True, capture_output=capture, cwd="/")
        if check and result.returncode:
            raise RuntimeError(f"{Path(str(args[0])).name} non riuscito (codice "
                               f"{result.returncode}): {(result.stderr or '').strip()}")
        return result

    def _reachable(self):
        """As root, let the postgres user traverse every parent folder. Checked
        at every start: a tool may take the right away meanwhile (pytest sets
        its /tmp/pytest-of-<user> back to 0700 at each session)."""
        if not self.as_root:
            return
        for parent in self.datadir.parents:
            if parent == Path("/"):
                break
            mode = parent.stat().st_mode
            if not mode & 0o001:
                parent.chmod(mode | 0o001)

    def _own(self, path):
        if self.as_root:
            entry = pwd.getpwnam("postgres")
            os.chown(path, entry.pw_uid, entry.pw_gid)

    @property
    def initialised(self):
        return (self.datadir / "PG_VERSION").exists()

    @property
    def log(self):
        return self.datadir / "postgresql.log"

    def init(self):
        """Create the cluster (once); the ``plone`` superuser, trust auth."""
        if self.initialised:
            return False
        self.datadir.mkdir(parents=True, exist_ok=True)
        self.datadir.chmod(0o700)
        self._own(self.datadir)
        self._reachable()
        self._run(self.bin / "initdb", "-D", self.datadir, "-A", "trust",
                  "-U", USER, "-E", "UTF8", "--locale", "C.UTF-8",
                  capture=True)
        return True

    def running(self):
        result = self._run(self.bin / "pg_ctl", "-D", self.datadir, "status",
                           check=False, capture=True)
        return result.returncode == 0

    def start(self, timeout=60):
        """Start the server and wait until it accepts connections."""
        if not self.initialised:
            self.init()
        self._reachable()
        if not self.running():
            options = (f"-p {self.port} -k {self.datadir} "
                       f"-c listen_addresses={self.host} "
                       f"-c deadlock_timeout={DEADLOCK_TIMEOUT}")
            self._run(self.bin / "pg_ctl", "-D", self.datadir, "-o", options,
                      "-l", self.log, "-w", "-t", str(timeout), "start",
                      capture=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            ready = subprocess.run(
                [str(self.bin / "pg_isready"), "-h", self.host,
                 "-p", str(self.port)], capture_output=True)
            if ready.returncode == 0:
                return
            time.sleep(0.2)
        raise RuntimeError(f"PostgreSQL non risponde sulla porta {self.port}")

    def stop(self, mode="fast"):
        self._reachable()
        if self.initialised and self.running():
            self._run(self.bin / "pg_ctl", "-D", self.datadir, "-m", mode,
                      "-w", "stop", capture=True)

    def psql(self, sql, dbname="postgres"):
        result = subprocess.run(
            [str(self.bin / "psql"), "-h", self.host, "-p", str(self.port),
             "-U", USER, "-d", dbname, "-At", "-v", "ON_ERROR_STOP=1",
             "-c", sql], check=True, text=True, capture_output=True)
        return result.stdout.strip()

    def createdb(self, name):
        """Create database ``name`` unless it exists; return its DSN."""
        exists = self.psql(
            f"SELECT 1 FROM pg_database WHERE datname = '{_ident(name)}'")
        if not exists:
            self.psql(f'CREATE DATABASE "{_ident(name)}"')
        return self.dsn(name)

    def dsn(self, name):
        return (f"dbname={name} user={USER} host={self.host} "
                f"port={self.port}")


def _ident(name):
    if not name.replace("_", "").replace("-", "").isalnum():
        raise ValueError(f"nome di database non valido: {name!r}")
    return name


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--datadir", default="var/postgresql")
    parser.add_argument("--port", type=int, default=5433)
    parser.add_argument("command",
                        choices=["init", "start", "stop", "status", "createdb",
                                 "dsn"])
    parser.add_argument("name", nargs="?", default="plone")
    args = parser.parse_args(argv)
    server = Server(args.datadir, args.port)
    if args.command == "init":
        print("creato" if server.init() else "già presente", server.datadir)
    elif args.command == "start":
        server.start()
        print(f"PostgreSQL in ascolto su {server.host}:{server.port}")
    elif args.command == "stop":
        server.stop()
    elif args.command == "status":
        running = server.running()
        print("attivo" if running else "fermo")
        return 0 if running else 3
    elif args.command == "createdb":
        print(server.createdb(args.name))
    else:
        print(server.dsn(args.name))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""``make backup`` / ``make restore`` for an instance on RelStorage: pg_dump and pg_restore.

Called by ``scripts/backups.py`` when the instance's ``zope.conf`` has a
``<relstorage>`` section. One backup is one folder, as for FileStorage::

    <dest>/<AAAA-MM-GG-hh-mm-ss>/
        manifest.json      kind "pg_dump", database, size and SHA-256 of the dump
                           (computed and checked by scripts/backups.py)
        database.dump      pg_dump, custom format (-Fc, compressed)

Blobs: the instance keeps them in the database (``shared-blob-dir false``:
RelStorage writes them as PostgreSQL large objects, ``blob-dir`` is only a
cache), and pg_dump of a whole database includes its large objects; so the
dump is the whole backup. An instance with ``shared-blob-dir true`` keeps
its blobs in a folder only it knows about: refused, with a message.

Safe on a running site: pg_dump reads one consistent snapshot of the
database (a repeatable-read transaction) while Zope and the worker go on
writing; what they commit meanwhile is simply not in the dump.

Restore (``pg_restore --single-transaction --exit-on-error``) goes into a
*new* database: one that does not exist is created, an existing one must be
empty (no table), otherwise the restore is refused. A failed restore leaves
the target database empty (one transaction). The password of the DSN never
appears on a command line (it goes to the tools through ``PGPASSWORD``).
"""

from pathlib import Path

import os
import re
import shutil
import subprocess
import time


DUMP = "database.dump"
KIND = "pg_dump"
RELSTORAGE_SECTION = re.compile(r"^\s*<relstorage>\s*$(.*?)^\s*</relstorage>", re.M | re.S)


class PgBackupError(Exception):
    """Something the operator must fix; the message is Italian."""


def relstorage_settings(zope_conf):
    """The ``<relstorage>`` section of ``zope_conf`` as {key: value}; None without it.

    Keys of the nested ``<postgresql>`` section (``dsn``) are included."""
    text = Path(zope_conf).read_text("utf-8")
    match = RELSTORAGE_SECTION.search(text)
    if not match:
        return None
    settings = {}
    for line in match.group(1).splitlines():
        line = line.strip()
        if line and not line.startswith(("#", "<")):
            key, _sep, value = line.partition(" ")
            settings[key.lower()] = value.strip()
    return settings


def dsn_of(settings):
    dsn = settings.get("dsn")
    if not dsn:
        raise PgBackupError("La sezione <relstorage> di zope.conf non ha il DSN di PostgreSQL.")
    if settings.get("shared-blob-dir", "true").lower() in ("true", "on", "yes", "1"):
        raise PgBackupError(
            "Questa istanza tiene i blob in una cartella condivisa (shared-blob-dir true): "
            "pg_dump non li contiene. Le istanze di questo progetto tengono i blob nel "
            "database (shared-blob-dir false, scripts/make_instance.py).")
    return dsn


def _parse(dsn):
    from psycopg2.extensions import parse_dsn

    try:
        return parse_dsn(dsn)
    except Exception as error:
        raise PgBackupError(f"DSN di PostgreSQL non valido: {error}")


def _environment(dsn):
    """(connection string without the password, environment with PGPASSWORD)."""
    from psycopg2.extensions import make_dsn

    params = _parse(dsn)
    env = dict(os.environ)
    password = params.pop("password", None)
    if password:
        env["PGPASSWORD"] = password
    return make_dsn(**params), env


def database_name(dsn):
    name = _parse(dsn).get("dbname")
    if not name:
        raise PgBackupError(f"Il DSN non indica il database (dbname=...): {_safe(dsn)}")
    return name


def _safe(dsn):
    """The DSN for a message: without the password."""
    return _environment(dsn)[0]


def tool(name):
    """pg_dump / pg_restore of the newest PostgreSQL installed (Debian's layout)."""
    found = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
                   key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0)
    path = str(found[-1]) if found else shutil.which(name)
    if not path:
        raise PgBackupError(f"{name} non è installato: apt-get install postgresql-client")
    return path


def _run(command, env):
    result = subprocess.run(command, capture_output=True, text=True, env=env)
    if result.returncode:
        raise PgBackupError(f"{Path(command[0]).name} non riuscito (codice {result.returncode}): "
                            f"{result.stderr.strip()[-800:]}")
    return result


def dump(dsn, folder):
    """pg_dump of ``dsn`` into ``folder``; the manifest's fields."""
    started = time.monotonic()
    conninfo, env = _environment(dsn)
    target = Path(folder) / DUMP
    _run([tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges",
          f"--file={target}", f"--dbname={conninfo}"], env)
    return {"kind": KIND, "database": database_name(dsn), "file": DUMP,
            "dump_bytes": target.stat().st_size,
            "seconds": round(time.monotonic() - started, 2)}


def _connect(dsn, **override):
    import psycopg2

    try:
        conn = psycopg2.connect(dsn, **override)
    except psycopg2.OperationalError as error:
        raise PgBackupError(f"Connessione a PostgreSQL non riuscita ({_safe(dsn)}): "
                            f"{str(error).strip()}")
    conn.autocommit = True
    return conn


def prepare_database(dsn):
    """Create the target database, or check that it exists and is empty."""
    import psycopg2
    from psycopg2 import sql

    name = database_name(dsn)
    try:
        conn = _connect(dsn)
    except PgBackupError:
        conn = None
    if conn is None:  # missing (or unreachable: the maintenance database says which)
        server = _connect(dsn, dbname="postgres")
        try:
            with server.cursor() as cursor:
                cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
                if cursor.fetchone():
                    raise PgBackupError(f"Il database {name} esiste ma non è raggiungibile.")
                cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        except psycopg2.Error as error:
            raise PgBackupError(f"Non riesco a creare il database {name}: {str(error).strip()} "
                                "(crealo vuoto come amministratore di PostgreSQL e riprova).")
        finally:
            server.close()
        return "created"
    try:
        with conn.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_tables WHERE schemaname NOT IN "
                           "('pg_catalog', 'information_schema')")
            tables = cursor.fetchone()[0]
            cursor.execute("SELECT count(*) FROM pg_largeobject_metadata")
            blobs = cursor.fetchone()[0]
    finally:
        conn.close()
    if tables or blobs:
        raise PgBackupError(f"Il database {name} contiene già dati: il ripristino scrive solo in "
                            "un database nuovo o vuoto (scegline un altro con RELSTORAGE_DSN).")
    return "empty"


def restore(folder, manifest, dsn):
    """pg_restore of the backup in ``folder`` (its SHA-256 checked by the
    caller against the manifest) into the new database ``dsn``."""
    started = time.monotonic()
    source = Path(folder) / manifest["file"]
    database = prepare_database(dsn)
    conninfo, env = _environment(dsn)
    _run([tool("pg_restore"), "--single-transaction", "--exit-on-error", "--no-owner",
          "--no-privileges", f"--dbname={conninfo}", str(source)], env)
    return {"database": database_name(dsn), "prepared": database,
            "seconds": round(time.monotonic() - started, 2)}

"""``make backup`` / ``make restore``: FileStorage with repozo, blobs with a manifest.

Layout of a backup folder (``var/backups`` by default, ``BACKUP_DIR=...``)::

    <dest>/repozo/                  repozo's repository (Data.fs: .fsz/.deltafsz, .dat, .index)
    <dest>/<AAAA-MM-GG-hh-mm-ss>/   one folder per backup, named by repozo's UTC date
        manifest.json               kind, repozo date, every blob file (size, sha256, folder)
        blobs/                      only the blob files not already in an earlier folder

Why it is safe on a running site (ZEO stays up): repozo opens ``Data.fs``
read-only and copies it up to the end of the last *committed* transaction
(``FileStorage.getSize()`` after the index scan), so a transaction ZEO is
writing meanwhile is simply not in the backup. Blob files are immutable (a
new revision is a new file) and are written before their transaction
commits, so copying the blob directory *after* repozo finds every blob the
copied ``Data.fs`` refers to; blobs committed later are extra and harmless.
Do not pack the database while a backup runs (packing removes old blob files).

The first backup is full, the following ones incremental (repozo ``-B``:
only the bytes appended since; blobs: only the new files); ``--full`` forces
a full one. ``restore`` (repozo ``-R -D <date> -w``, blobs checked against the
manifest's SHA-256) writes a *new* instance directory and never overwrites an
existing database.

An instance on RelStorage (``<relstorage>`` in its ``zope.conf``) is backed
up with pg_dump and restored with pg_restore into a new database instead:
``scripts/pgbackup.py`` (same folder layout, ``manifest.json`` of kind
``pg_dump``; every backup is full).
"""

from datetime import datetime
from datetime import timezone
from pathlib import Path

import argparse
import functools
import hashlib
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import time


ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
REPOZO_SUFFIXES = (".fs", ".fsz", ".deltafs", ".deltafsz")
SKIP_BLOB = ("tmp",)  # ZODB's temporary upload folder


class BackupError(Exception):
    """Something the operator must fix; the message is Italian."""


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def instance_description(instance):
    path = Path(instance).resolve() / "etc" / "instance.json"
    try:
        return json.loads(path.read_text("utf-8"))
    except OSError:
        raise BackupError(f"Istanza non trovata: manca {path} (make instance)")


def relstorage_dsn(instance):
    """The DSN of the instance's RelStorage, or None when it runs on ZEO."""
    settings = pg().relstorage_settings(Path(instance).resolve() / "etc" / "zope.conf")
    return None if settings is None else pg().dsn_of(settings)


def utc_stamp():
    return datetime.now(timezone.utc).strftime("%Y-%m-%d-%H-%M-%S")


def backups_in(dest):
    """The backup folders (oldest first)."""
    dest = Path(dest)
    if not dest.is_dir():
        return []
    return sorted(p for p in dest.iterdir() if (p / "manifest.json").is_file())


def read_manifest(folder):
    return json.loads((Path(folder) / "manifest.json").read_text("utf-8"))


def repozo_files(repository):
    return sorted(p.name for p in Path(repository).glob("*") if p.suffix in REPOZO_SUFFIXES)


def run_repozo(*args):
    result = subprocess.run([str(BIN / "repozo"), *map(str, args)], capture_output=True,
                            text=True)
    if result.returncode:
        raise BackupError(f"repozo non riuscito (codice {result.returncode}): "
                          f"{result.stderr.strip()[-800:]}")
    return result


def blob_files(blob_dir):
    """Relative paths of the files in a blob directory (no temporary files)."""
    blob_dir = Path(blob_dir)
    for path in sorted(blob_dir.rglob("*")):
        rel = path.relative_to(blob_dir)
        if path.is_file() and rel.parts[0] not in SKIP_BLOB and not path.name.endswith(".lock"):
            yield rel.as_posix(), path


def copy_blobs(blob_dir, folder, previous):
    """Copy the blob files not in ``previous`` (manifest blobs) into ``folder/blobs``."""
    blobs, copied = {}, 0
    for rel, path in blob_files(blob_dir):
        stat = path.stat()
        old = previous.get(rel)
        if old and old["size"] == stat.st_size and old.get("mtime") == stat.st_mtime:
            blobs[rel] = old  # blob files never change: already saved in old["in"]
            continue
        target = folder / "blobs" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
        blobs[rel] = {"size": stat.st_size, "mtime": stat.st_mtime,
                      "sha256": sha256_of(target), "in": folder.name}
        copied += stat.st_size
    return blobs, copied


def backup(instance, dest=None, full=False):
    """Back up the instance's Data.fs and blobs; return the manifest."""
    started = time.monotonic()
    var = Path(instance_description(instance)["var"])
    dsn = relstorage_dsn(instance)
    if dsn:
        return backup_database(dsn, Path(dest or var / "backups").resolve())
    datafs, blob_dir = var / "filestorage" / "Data.fs", var / "blobstorage"
    if not datafs.is_file():
        raise BackupError(f"Database non trovato: {datafs}")
    dest = Path(dest or var / "backups").resolve()
    repository = dest / "repozo"
    repository.mkdir(parents=True, exist_ok=True)
    while any(repository.glob(utc_stamp() + ".*")) or (dest / utc_stamp()).exists():
        time.sleep(0.2)  # repozo names its files by the second: one backup per second
    before = set(repozo_files(repository))
    run_repozo("-B", "-z", "-r", repository, "-f", datafs, *(["-F"] if full else []))
    new = sorted(set(repozo_files(repository)) - before)
    if not new:
        raise BackupError("repozo non ha scritto alcun file")
    written = new[-1]
    date = Path(written).stem  # repozo names its files by UTC date: 2026-11-30-03-10-05
    folder = dest / date
    folder.mkdir()
    earlier = backups_in(dest)
    kind = "incremental" if written.endswith((".deltafs", ".deltafsz")) else "full"
    previous = read_manifest(earlier[-1])["blobs"] if earlier and kind == "incremental" else {}
    blobs, copied = copy_blobs(blob_dir, folder, previous)
    manifest = {
        "kind": kind, "repozo_date": date, "repozo_file": written,
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "datafs_bytes": datafs.stat().st_size,
        "repozo_bytes": (repository / written).stat().st_size,
        "blob_bytes_copied": copied, "blobs": blobs,
        "seconds": round(time.monotonic() - started, 2),
    }
    write_manifest(folder, manifest)
    return folder, manifest


def backup_database(dsn, dest):
    """pg_dump of an instance on RelStorage into a new folder of ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    while (dest / utc_stamp()).exists():
        time.sleep(0.2)  # folders are named by the second
    folder = dest / utc_stamp()
    folder.mkdir()
    manifest = pg().dump(dsn, folder)
    manifest.update(sha256=sha256_of(folder / manifest["file"]),
                    created=datetime.now(timezone.utc).isoformat(timespec="seconds"))
    write_manifest(folder, manifest)
    return folder, manifest


def write_manifest(folder, manifest):
    tmp = folder / "manifest.json.tmp"
    tmp.write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
    tmp.rename(folder / "manifest.json")  # a folder without manifest is no backup


def _script(name):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _make_instance():
    return _script("make_instance")


@functools.lru_cache(maxsize=None)
def pg():
    """scripts/pgbackup.py, loaded once (its exception class must stay the same)."""
    return _script("pgbackup")


def restore(backup_folder, instance, var, port=8080, host="127.0.0.1", relstorage=None):
    """Restore ``backup_folder`` into a new instance (``instance``, ``var``);
    a pg_dump backup into the new database ``relstorage`` (a DSN)."""
    started = time.monotonic()
    folder = Path(backup_folder).resolve()
    if not (folder / "manifest.json").is_file():
        raise BackupError(f"Non è una cartella di backup (manca manifest.json): {folder}")
    manifest = read_manifest(folder)
    if manifest["kind"] == pg().KIND or relstorage:
        return restore_database(folder, manifest, instance, var, port, host, relstorage)
    var = Path(var).resolve()
    if (var / "filestorage" / "Data.fs").exists() or any((var / "blobstorage").glob("*")):
        raise BackupError(f"{var} contiene già un database: il ripristino scrive solo in una "
                          "cartella nuova (spostala o scegline un'altra).")
    work = var.with_name(var.name + ".ripristino")
    shutil.rmtree(work, ignore_errors=True)
    try:
        (work / "filestorage").mkdir(parents=True)
        run_repozo("-R", "-w", "-r", folder.parent / "repozo", "-D", manifest["repozo_date"],
                   "-o", work / "filestorage" / "Data.fs")
        blob_dir = work / "blobstorage"
        blob_dir.mkdir(mode=0o700)
        for rel, info in manifest["blobs"].items():
            source = folder.parent / info["in"] / "blobs" / rel
            target = blob_dir / rel
            target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            shutil.copy2(source, target)
            if sha256_of(target) != info["sha256"]:
                raise BackupError(f"Blob danneggiato nel backup: {source} (SHA-256 diverso)")
        var.mkdir(parents=True, exist_ok=True)
        for sub in ("filestorage", "blobstorage"):
            shutil.rmtree(var / sub, ignore_errors=True)  # empty folders only (checked above)
            (work / sub).rename(var / sub)
    except (OSError, KeyError) as error:
        raise BackupError(f"Ripristino non riuscito: {error}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    _make_instance().write_instance(instance, var, port, host=host)
    return {"seconds": round(time.monotonic() - started, 2),
            "datafs_bytes": (var / "filestorage" / "Data.fs").stat().st_size,
            "blobs": len(manifest["blobs"])}


def restore_database(folder, manifest, instance, var, port, host, relstorage):
    if manifest["kind"] != pg().KIND:
        raise BackupError("Questo backup è di FileStorage (repozo): si ripristina senza "
                          "RELSTORAGE_DSN; per passare a RelStorage si usa zodbconvert.")
    if not relstorage:
        raise BackupError("Backup di RelStorage (pg_dump): indica il nuovo database, es. "
                          'RELSTORAGE_DSN="dbname=ripristino user=plone host=127.0.0.1"')
    source = folder / manifest["file"]
    if not source.is_file() or sha256_of(source) != manifest["sha256"]:
        raise BackupError(f"Copia del database danneggiata o mancante nel backup: {source} "
                          "(SHA-256 diverso dal manifest)")
    done = pg().restore(folder, manifest, relstorage)
    _make_instance().write_instance(instance, var, port, host=host, relstorage=relstorage)
    return dict(done, dump_bytes=manifest["dump_bytes"])


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Backup e ripristino (repozo + blob; pg_dump/pg_restore con RelStorage).")
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("backup", help="backup (incrementale se ne esiste già uno completo)")
    b.add_argument("--instance", default=ROOT / "instance", type=Path)
    b.add_argument("--dest", type=Path, help="cartella dei backup (predefinita: var/backups)")
    b.add_argument("--full", action="store_true", help="backup completo anche se non è il primo")
    r = sub.add_parser("restore", help="ripristina un backup in una nuova istanza")
    r.add_argument("--backup", required=True, type=Path,
                   help="cartella del backup, es. var/backups/2026-11-30-03-10-05")
    r.add_argument("--instance", required=True, type=Path, help="nuova cartella dell'istanza")
    r.add_argument("--var", required=True, type=Path, help="nuova cartella dei dati")
    r.add_argument("--port", default=8080, type=int)
    r.add_argument("--host", default="127.0.0.1")
    r.add_argument("--relstorage", default="",
                   help="DSN del nuovo database PostgreSQL (backup di RelStorage)")
    args = parser.parse_args(argv)
    try:
        if args.command == "backup":
            report_backup(*backup(args.instance, args.dest, args.full))
        else:
            done = restore(args.backup, args.instance, args.var, args.port, args.host,
                           args.relstorage or None)
            report_restore(done, args.instance, args.var)
    except (BackupError, pg().PgBackupError) as error:
        print(f"Errore: {error}", file=sys.stderr)
        return 1
    return 0


def report_backup(folder, manifest):
    if manifest["kind"] == pg().KIND:
        print(f"Backup completo in {folder} (pg_dump del database {manifest['database']}: "
              f"{manifest['dump_bytes']} byte, blob compresi, {manifest['seconds']} s)")
        return
    kind = "completo" if manifest["kind"] == "full" else "incrementale"
    print(f"Backup {kind} in {folder} ({manifest['repozo_bytes']} byte di Data.fs, "
          f"{manifest['blob_bytes_copied']} byte di blob copiati, {manifest['seconds']} s)")


def report_restore(done, instance, var):
    if "database" in done:
        print(f"Ripristinato in {instance} (database {done['database']}, "
              f"{done['dump_bytes']} byte di pg_dump, {done['seconds']} s). "
              f"Avvio: .venv/bin/runwsgi {instance}/etc/zope.ini (e il worker sullo stesso "
              "database)")
        return
    print(f"Ripristinato in {instance} (dati in {var}: {done['datafs_bytes']} byte di Data.fs, "
          f"{done['blobs']} file blob, {done['seconds']} s). Avvio: .venv/bin/runzeo -C "
          f"{instance}/etc/zeo.conf, poi .venv/bin/runwsgi {instance}/etc/zope.ini")


if __name__ == "__main__":
    sys.exit(main())

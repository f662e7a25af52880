"""``make backup`` / ``make restore`` on a real instance laid out as ``make start`` does.

A site with submitted applications (each with its own PDF) is backed up while
its ZEO server runs, restored into a fresh instance directory that is then
started: the applications, the attachments' bytes (SHA-256) and the numbering
counters are there, and a new submission gets the next number. Then more
submissions, an incremental backup, a second restore that has them too.
Loopback only; a few minutes at most.
"""

from pathlib import Path
from tests.operations.instance import get
from tests.operations.instance import Instance
from tests.operations.instance import make
from tests.operations.site_script import ADMIN

import json
import re


def sequence(number):
    return int(re.search(r"-(\d{6})$", number).group(1))


def backup(site, **extra):
    done = make("backup", INSTANCE=site.instance, BACKUP_DIR=site.backups, **extra)
    assert done.returncode == 0, done.stdout + done.stderr
    folder = Path(re.search(r"^Backup \w+ in (\S+) ", done.stdout, re.M).group(1))
    return folder, json.loads((folder / "manifest.json").read_text("utf-8"))


def restore(folder, home):
    target = Instance(home)
    done = make("restore", BACKUP=folder, INSTANCE=target.instance, VAR=target.var,
                PORT=target.port)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Ripristinato in" in done.stdout
    print(done.stdout.strip().splitlines()[-1])
    return target


def assert_same(found, expected):
    assert found["applications"] == expected["applications"]
    assert found["counters"] == expected["counters"]
    for app in found["applications"].values():
        assert app["bytes"] == app["recorded"] and len(app["bytes"]) == 1
        assert app["state"] == "submitted"


def test_a_backup_of_the_running_site_restores_applications_attachments_counters(
        original, tmp_path):
    expected = original.state
    assert len(expected["applications"]) == 3
    assert len({a["bytes"][0] for a in expected["applications"].values()}) == 3
    folder, manifest = backup(original)  # ZEO is running
    assert manifest["kind"] == "full" and manifest["repozo_file"].endswith(".fsz")
    assert len([rel for rel in manifest["blobs"] if rel.endswith(".blob")]) >= 3
    print(f"full backup: Data.fs {manifest['datafs_bytes']} B -> {manifest['repozo_bytes']} B "
          f"gz, blobs {manifest['blob_bytes_copied']} B, {manifest['seconds']} s")

    restored = restore(folder, tmp_path / "restored")
    try:
        restored.start_zeo().start_zope()
        status, body = get(f"{restored.url}/@@health")
        assert status == 200 and json.loads(body)["status"] in ("ok", "degraded"), body
        for number, app in expected["applications"].items():
            status, body = get(f"{restored.url}/contributo-bench/{app['id']}", auth=ADMIN)
            assert status == 200 and number in body
        found = restored.run("check", 100)
    finally:
        restored.stop()
    assert_same(found, expected)
    last = max(sequence(n) for n in expected["applications"])
    assert sequence(found["next"]) == last + 1
    assert found["next"] not in expected["applications"]

    again = make("restore", BACKUP=folder, INSTANCE=restored.instance, VAR=restored.var)
    assert again.returncode != 0 and "contiene già un database" in again.stderr + again.stdout


def test_an_incremental_backup_restores_the_later_submissions_too(original, tmp_path):
    first = original.backups / sorted(p.name for p in original.backups.iterdir()
                                      if p.name != "repozo")[-1]
    later = original.run("submit", 2, 10)
    assert len(later["applications"]) == 5
    folder, manifest = backup(original)
    assert manifest["kind"] == "incremental" and manifest["repozo_file"].endswith(".deltafsz")
    new_blobs = [rel for rel, info in manifest["blobs"].items() if info["in"] == folder.name]
    old_blobs = [rel for rel, info in manifest["blobs"].items() if info["in"] == first.name]
    assert new_blobs and old_blobs  # only the new blob files were copied
    assert all((folder / "blobs" / rel).is_file() for rel in new_blobs)
    assert not any((folder / "blobs" / rel).exists() for rel in old_blobs)
    print(f"incremental backup: {manifest['repozo_bytes']} B gz, blobs "
          f"{manifest['blob_bytes_copied']} B, {manifest['seconds']} s")

    restored = restore(folder, tmp_path / "restored")
    try:
        restored.start_zeo()
        found = restored.run("check", 200)
    finally:
        restored.stop()
    assert_same(found, later)
    assert sequence(found["next"]) == max(sequence(n) for n in later["applications"]) + 1


def test_restore_refuses_what_is_not_a_backup(tmp_path):
    done = make("restore", BACKUP=tmp_path, INSTANCE=tmp_path / "i", VAR=tmp_path / "v")
    assert done.returncode != 0 and "Non è una cartella di backup" in done.stderr
    assert not (tmp_path / "v").exists()
    done = make("restore", INSTANCE=tmp_path / "i", VAR=tmp_path / "v")
    assert done.returncode != 0 and "Indica il backup" in done.stdout

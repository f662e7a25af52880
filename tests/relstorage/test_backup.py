"""``make backup`` / ``make restore`` on RelStorage: pg_dump and pg_restore.

The guide's RelStorage blocks (docs/guida-operatore.md, ``backup-pg`` and
``ripristino-pg``) are run as written, with tests/operations/
test_guida_operatore.py's ``run``, in a folder laid out like the checkout
around instance ``a`` of the two-process site, while both Zope processes
run: the backup is a pg_dump of the live database, restored into a new
database and a new instance folder. The restored instance
(``zconsole run``) has every application, the attachments' bytes (SHA-256
of the blobs read back from PostgreSQL) and the counters, and a new
submission gets the next number. A second restore into the same, now full
database is refused, as are a damaged dump and a restore without a DSN.

A second backup is taken *during* the burst of submissions (``settled`` in
conftest.py): restored, it holds every submission acknowledged before
pg_dump began, each whole (attachment bytes identical to the final ones),
and its counters go on from where they were.
"""

from pathlib import Path
from tests.operations.instance import get
from tests.operations.instance import Instance
from tests.operations.instance import make
from tests.operations.site_script import ADMIN
from tests.operations.test_backup_restore import assert_same
from tests.operations.test_backup_restore import sequence
from tests.operations.test_guida_operatore import blocks
from tests.operations.test_guida_operatore import operator_env
from tests.operations.test_guida_operatore import RELSTORAGE_BLOCKS
from tests.operations.test_guida_operatore import run
from tests.operations.test_guida_operatore import workdir

import json
import pytest
import re
import shutil


RESTORED_DB = "comune_istanze_ripristino"  # as the guide's block writes it


@pytest.fixture(scope="module")
def guide(cluster, postgres, tmp_path_factory):
    work = workdir(tmp_path_factory.mktemp("guida-pg"), cluster.a)
    env = operator_env(PGCONN=f"user=plone host=127.0.0.1 port={postgres.port}")
    return {"env": env, "work": work, "dsn": postgres.dsn(RESTORED_DB)}




def expected_one(state):
    return sorted(state["applications"])[0]


def test_the_guide_runs_both_relstorage_blocks():
    for name in RELSTORAGE_BLOCKS:
        assert name in blocks()
    assert RESTORED_DB in blocks()["ripristino-pg"]


def test_a_pg_dump_of_the_running_site_restores_into_a_new_database(
        guide, cluster, settled, postgres):
    out = run("backup-pg", guide)
    folder = Path(re.search(r"^Backup completo in (\S+) ", out, re.M).group(1))
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    assert manifest["kind"] == "pg_dump" and manifest["database"] == "istanze"
    assert sorted(p.name for p in folder.iterdir()) == ["database.dump", "manifest.json"]
    print(f"pg_dump: {manifest['dump_bytes']} B, {manifest['seconds']} s")

    out = run("ripristino-pg", guide)
    print(out.strip().splitlines()[-1])
    restored = Instance(guide["work"] / "ripristino-pg", relstorage=guide["dsn"])
    description = json.loads((restored.etc / "instance.json").read_text("utf-8"))
    assert description["storage"] == "relstorage" and description["port"] == 8091
    assert guide["dsn"].split()[0] in (restored.etc / "zope.conf").read_text("utf-8")
    found = restored.run("check", 1000)
    expected = settled["state"]
    assert_same(found, {"applications": {number: {k: v for k, v in app.items() if k != "protocol"}
                                         for number, app in expected["applications"].items()},
                        "counters": expected["counters"]})
    # the counters go on from where they were: the next number follows the last one
    # reserved (the serving processes take numbers in blocks: the rest of a block is
    # a gap, never a number given twice), above every number in the backup
    year = found["next"].split("-")[0]
    assert sequence(found["next"]) == expected["counters"][year] + 1
    assert sequence(found["next"]) > max(sequence(n) for n in expected["applications"])
    # the original database did not see the restored instance's submission
    status, body = get(f"{cluster.b.url}/@search?application_number={found['next']}",
                       auth=ADMIN)
    assert status == 200 and json.loads(body)["items_total"] == 0
    status, body = get(f"{cluster.b.url}/@search?application_number={expected_one(expected)}",
                       auth=ADMIN)
    assert status == 200 and json.loads(body)["items_total"] == 1  # the query itself works


def test_restore_into_an_empty_database_made_by_the_dba(guide, postgres, tmp_path):
    folder = sorted((guide["work"] / "var" / "backups").glob("2*"))[-1]
    dsn = postgres.createdb("vuoto_dal_dba")  # createdb -O plone vuoto_dal_dba
    done = make("restore", BACKUP=folder, INSTANCE=tmp_path / "i", VAR=tmp_path / "v",
                RELSTORAGE_DSN=dsn)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "database vuoto_dal_dba" in done.stdout
    assert int(postgres.psql("SELECT count(*) FROM object_state", "vuoto_dal_dba")) > 1000
    blobs = [int(postgres.psql("SELECT count(*) FROM pg_largeobject_metadata", name))
             for name in ("vuoto_dal_dba", "istanze")]  # RelStorage's blobs
    assert blobs[0] == blobs[1] >= 24, blobs


def test_restore_never_writes_over_a_database_with_data(guide, settled, postgres, tmp_path):
    folder = sorted((guide["work"] / "var" / "backups").glob("2*"))[-1]
    again = make("restore", BACKUP=folder, INSTANCE=tmp_path / "i", VAR=tmp_path / "v",
                 RELSTORAGE_DSN=guide["dsn"])
    assert again.returncode != 0 and "contiene già dati" in again.stderr
    missing = make("restore", BACKUP=folder, INSTANCE=tmp_path / "i", VAR=tmp_path / "v")
    assert missing.returncode != 0 and "indica il nuovo database" in missing.stderr
    damaged = tmp_path / folder.name
    shutil.copytree(folder, damaged)
    with open(damaged / "database.dump", "r+b") as f:
        f.seek(100)
        f.write(b"\0" * 16)
    other = guide["dsn"].replace(RESTORED_DB, "mai_creato")
    broken = make("restore", BACKUP=damaged, INSTANCE=tmp_path / "i", VAR=tmp_path / "v",
                  RELSTORAGE_DSN=other)
    assert broken.returncode != 0 and "danneggiata" in broken.stderr
    repozo = tmp_path / "repozo-backup"
    repozo.mkdir()
    (repozo / "manifest.json").write_text(json.dumps({"kind": "full", "blobs": {}}))
    wrong = make("restore", BACKUP=repozo, INSTANCE=tmp_path / "i", VAR=tmp_path / "v",
                 RELSTORAGE_DSN=other)
    assert wrong.returncode != 0 and "è di FileStorage" in wrong.stderr
    assert not (tmp_path / "i").exists()
    assert not postgres.psql("SELECT 1 FROM pg_database WHERE datname = 'mai_creato'")


def test_blobs_outside_the_database_are_refused(tmp_path):
    """``shared-blob-dir true``: the blobs live in a folder pg_dump never sees."""
    site = Instance(tmp_path, relstorage="dbname=altro user=plone host=127.0.0.1").write()
    conf = site.etc / "zope.conf"
    conf.write_text(conf.read_text("utf-8").replace("shared-blob-dir false",
                                                    "shared-blob-dir true"), "utf-8")
    done = make("backup", INSTANCE=site.instance, BACKUP_DIR=tmp_path / "backups")
    assert done.returncode != 0 and "shared-blob-dir true" in done.stderr
    assert not (tmp_path / "backups").exists()


def test_a_pg_dump_taken_while_citizens_submit_restores_a_consistent_site(settled):
    """pg_dump reads one snapshot: every submission acknowledged before it
    began is in the copy (restored into a new database by ``settled``), with
    its attachment's bytes; nothing is half there."""
    live, final = settled["live"], settled["state"]["applications"]
    assert live["manifest"]["kind"] == "pg_dump"
    found = live["found"]
    numbered = {number: app for number, app in found["applications"].items()
                if re.search(r"-\d{6}$", number)}  # none without its number, should one be
    before = {o.number for o in settled["outcomes"] if o.started + o.seconds < live["started"]}
    assert before <= set(numbered) <= set(final)
    for number, app in numbered.items():
        assert app["bytes"] == app["recorded"] == final[number]["bytes"]
    counter = max(found["counters"].values())
    assert counter >= max(map(sequence, numbered), default=0)
    assert sequence(found["next"]) == counter + 1 and found["next"] not in numbered
    print(f"pg_dump during the burst: {len(before)} acknowledged before it, {len(numbered)} "
          f"in it, {len(final)} in the end; {live['manifest']['seconds']} s")

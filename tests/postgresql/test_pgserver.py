"""scripts/pgserver.py: the project's own PostgreSQL (no system service).

A real server on a free port in a scratch folder: created, started,
a database for RelStorage, a ZODB transaction through RelStorage, a restart
keeps it, stopped."""

from tests.test_start import _free_port
from tests.test_start import _script as script

import pytest
import subprocess
import sys


@pytest.fixture
def server(tmp_path):
    pg = script("pgserver").Server(tmp_path / "pg", _free_port(span=1))
    yield pg
    pg.stop(mode="immediate")


def _relstorage(dsn):
    from relstorage.adapters.postgresql import PostgreSQLAdapter
    from relstorage.options import Options
    from relstorage.storage import RelStorage

    import ZODB

    options = Options(keep_history=False)
    adapter = PostgreSQLAdapter(dsn=dsn, options=options)
    return ZODB.DB(RelStorage(adapter, options=options))


def test_init_start_createdb_relstorage_restart_stop(server):
    assert server.init() is True
    assert server.init() is False, "a second init leaves the cluster alone"
    assert not server.running()
    server.start()
    assert server.running()
    dsn = server.createdb("plone_test")
    assert server.createdb("plone_test") == dsn
    assert f"port={server.port}" in dsn

    import transaction

    db = _relstorage(dsn)
    conn = db.open()
    conn.root()["istanze"] = {"numero": "2026/000001"}
    transaction.commit()
    conn.close()
    db.close()

    server.stop()
    assert not server.running()
    server.start()
    db = _relstorage(dsn)
    conn = db.open()
    assert conn.root()["istanze"] == {"numero": "2026/000001"}
    conn.close()
    db.close()


def test_command_line(server, tmp_path):
    def run(*args):
        return subprocess.run(
            [sys.executable, "scripts/pgserver.py", "--datadir", str(server.datadir),
             "--port", str(server.port), *args], capture_output=True, text=True)

    assert run("status").returncode == 3
    assert "fermo" in run("status").stdout
    assert run("start").returncode == 0
    assert "attivo" in run("status").stdout
    assert run("createdb", "demo").stdout.strip() == server.dsn("demo")
    assert server.psql("SELECT datname FROM pg_database WHERE datname = 'demo'") == "demo"
    bad = run("createdb", "demo; DROP DATABASE postgres")
    assert bad.returncode != 0 and "nome di database non valido" in bad.stderr
    assert run("stop").returncode == 0
    assert not server.running()

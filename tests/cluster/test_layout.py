"""scripts/cluster.py without starting anything: ports and addresses of each
role, and the Italian refusals of an incomplete command line."""

from pathlib import Path
from tests.test_start import _script as script

import pytest
import subprocess
import sys


ROOT = Path(__file__).resolve().parent.parent.parent
cluster = script("cluster")


def test_ports_and_addresses_on_one_computer(tmp_path):
    c = cluster.Cluster(tmp_path, 8080, zopes=3, host="192.168.1.5")
    assert c.zope_names == ["zope-1", "zope-2", "zope-3"]
    assert c.zope_ports == [8100, 8101, 8102]
    # behind HAProxy the processes listen on this computer only
    assert c.zope_urls[0] == "http://127.0.0.1:8100/Plone"
    assert c.url == "http://192.168.1.5:8080/Plone"
    assert c.worker is True and c.simulators is True
    assert c.port + cluster.PG_OFFSET == 8110


def test_an_application_server_listens_on_its_address_without_worker(tmp_path):
    c = cluster.Cluster(tmp_path, 8080, zopes=2, host="10.0.0.11", role="zope",
                        dsn="dbname=comune_istanze host=10.0.0.5")
    assert c.zope_urls == ["http://10.0.0.11:8100/Plone", "http://10.0.0.11:8101/Plone"]
    assert c.worker is False and c.simulators is False
    assert cluster.Cluster(tmp_path, 8080, role="zope", dsn="x", worker=True).worker is True


def test_the_balancer_runs_no_zope(tmp_path):
    c = cluster.Cluster(tmp_path, 80, role="haproxy", backends="10.0.0.11:8100,10.0.0.12:8100")
    assert c.zope_names == [] and c.worker is False
    assert c.backends == [("zope-1", "10.0.0.11:8100"), ("zope-2", "10.0.0.12:8100")]


@pytest.mark.parametrize("args, message", [
    (["--role", "zope"], "Errore: --role zope richiede --dsn"),
    (["--role", "haproxy"], "Errore: --role haproxy richiede --backends"),
])
def test_an_incomplete_command_is_refused_in_italian(tmp_path, args, message):
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "cluster.py"),
                             "--home", str(tmp_path), *args],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1 and message in result.stderr
    assert not (tmp_path / "postgresql").exists()  # nothing was started

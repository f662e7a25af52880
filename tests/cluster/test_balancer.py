"""scripts/balancer.py and ``cluster.py --haproxy-config``: the configuration
HAProxy itself accepts (``haproxy -c``), with the health check on @@health and
the retry rules; bad backend addresses are refused in Italian."""

from pathlib import Path
from tests.test_start import _script as script

import pytest
import subprocess
import sys


ROOT = Path(__file__).resolve().parent.parent.parent
balancer = script("balancer")


def haproxy_check(cfg):
    return subprocess.run([balancer.HAPROXY, "-c", "-f", str(cfg)], capture_output=True,
                          text=True, timeout=60)


def test_the_configuration_is_valid_for_haproxy(tmp_path):
    backends = balancer.parse_backends("10.0.0.11:8100, 10.0.0.11:8101,10.0.0.12:8100")
    assert backends == [("zope-1", "10.0.0.11:8100"), ("zope-2", "10.0.0.11:8101"),
                        ("zope-3", "10.0.0.12:8100")]
    text = balancer.config(8080, backends, tmp_path / "stats.sock", "Comune", bind="0.0.0.0")
    cfg = tmp_path / "haproxy.cfg"
    cfg.write_text(text)
    result = haproxy_check(cfg)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "bind 0.0.0.0:8080" in text
    assert "uri /Comune/@@health" in text and "http-check expect status 200" in text
    assert "option redispatch 1" in text and "retries 3" in text
    assert "http-request disable-l7-retry if !METH_GET" in text  # never a POST twice
    assert "server zope-3 10.0.0.12:8100" in text and "maxconn 4" in text


@pytest.mark.parametrize("text", ["", "zope1", "10.0.0.11:", ":8100", "10.0.0.11:porta"])
def test_bad_backends_are_refused(text):
    with pytest.raises(ValueError) as error:
        balancer.config(8080, balancer.parse_backends(text), "/tmp/s.sock")
    assert "processo Zope" in str(error.value)


def test_cluster_prints_the_balancer_configuration(tmp_path):
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "cluster.py"),
                             "--haproxy-config", "--port", "80", "--host", "0.0.0.0",
                             "--backends", "app1:8100,app2:8100"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    cfg = tmp_path / "haproxy.cfg"
    cfg.write_text(result.stdout)
    assert "server zope-2 app2:8100" in result.stdout
    # app1/app2 do not resolve here: HAProxy checks the syntax, names aside
    checked = haproxy_check(cfg)
    assert checked.returncode == 0 or "could not resolve address 'app1'" in checked.stderr
    bad = subprocess.run([sys.executable, str(ROOT / "scripts" / "cluster.py"),
                          "--haproxy-config", "--backends", "app1"],
                         capture_output=True, text=True, timeout=120)
    assert bad.returncode == 1 and "Errore: indirizzo di un processo Zope non valido" in bad.stderr

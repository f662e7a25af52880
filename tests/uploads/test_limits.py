"""The request body limit: automatic, configured, and the ceiling of the server."""

from comune.istanze.uploads import limits
from pathlib import Path
from plone import api
from tests.fixtures import make_type

import configparser
import importlib.util
import pytest


ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def fresh_cache():
    limits._automatic.clear()
    yield
    limits._automatic.clear()


def test_automatic_limit_follows_the_largest_file(portal):
    assert api.portal.get_registry_record(limits.RECORD) == 0  # installed: automatic
    make_type(portal)  # attachments of 1 MB: the decision PDF (20 MB) is the largest file
    assert limits.largest_file_mb(portal) == 20
    assert limits.request_limit_mb() == 4 * 20 + 1
    make_type(portal, code="EDIL", title="Pratica edilizia",
              attachments=[{"name": "Progetto", "required": True, "mime_types": "pdf",
                            "max_size_mb": 50}])
    limits._automatic.clear()
    assert limits.request_limit_mb() == 4 * 50 + 1
    # a small body never needs the types: the smallest automatic limit answers
    assert limits.request_limit_mb(size=1024) == 81


def test_unpublished_types_do_not_count(portal):
    with api.env.adopt_roles(["Manager"]):
        api.content.create(container=portal, type="ApplicationType", title="Bozza", code="BOZZA",
                           attachments=[{"name": "X", "required": True, "mime_types": "pdf",
                                         "max_size_mb": 100}])
    assert limits.largest_file_mb(portal) == 20


def test_configured_limit_wins_and_is_capped(portal):
    api.portal.set_registry_record(limits.RECORD, 5)
    assert limits.request_limit_mb() == 5
    with pytest.raises(Exception):
        api.portal.set_registry_record(limits.RECORD, limits.CEILING_MB + 1)


def _make_instance():
    spec = importlib.util.spec_from_file_location("make_instance", ROOT / "scripts" / "make_instance.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_waitress_and_zope_get_the_ceiling(tmp_path):
    make_instance = _make_instance()
    assert make_instance.MAX_REQUEST_BODY_MB == limits.CEILING_MB == 401
    make_instance.write_instance(tmp_path / "instance", tmp_path / "var", 8123)
    ini = configparser.ConfigParser(interpolation=None)
    ini.read(tmp_path / "instance" / "etc" / "zope.ini")
    assert int(ini["server:main"]["max_request_body_size"]) == limits.CEILING
    conf = (tmp_path / "instance" / "etc" / "zope.conf").read_text()
    assert "form-disk-limit 401MB" in conf
    from Zope2.Startup.options import ZopeWSGIOptions

    ZopeWSGIOptions(configfile=str(tmp_path / "instance" / "etc" / "zope.conf"))()  # valid ZConfig
    buildout = (ROOT / "buildout.cfg").read_text()
    assert f"max-request-body-size = {limits.CEILING}" in buildout and "form-disk-limit 401MB" in buildout

"""The demo profile (accounts with published passwords) is hidden from
Plone's add-on list and runs only when ``make start`` asks for it."""

from comune.istanze import demo
from comune.istanze.setuphandlers import HiddenProfiles
from pathlib import Path
from plone import api

import importlib.util
import pytest


ROOT = Path(__file__).resolve().parents[2]
PROFILE = "profile-comune.istanze:demo"


def test_the_demo_profile_is_hidden(portal, http_request):
    assert "comune.istanze:demo" in HiddenProfiles().getNonInstallableProfiles()
    addons = api.content.get_view("prefs_install_products_form", portal, http_request).marshall_addons()
    profiles = [p["id"] for a in addons.values() for p in a["other_profiles"]]
    profiles += [a["install_profile_id"] for a in addons.values()]
    assert "comune.istanze:default" in profiles and "comune.istanze:demo" not in profiles


def test_outside_make_start_the_demo_refuses_and_creates_nothing(portal, monkeypatch):
    monkeypatch.delenv(demo.ENV_FLAG, raising=False)
    created = []
    monkeypatch.setattr(demo, "create_demo", created.append)
    with pytest.raises(demo.DemoRefused, match="make start"):
        portal.portal_setup.runAllImportStepsFromProfile(PROFILE)
    assert created == [] and api.user.get(username="istruttore") is None
    monkeypatch.setenv(demo.ENV_FLAG, "yes")  # only the value make start sets
    with pytest.raises(demo.DemoRefused):
        portal.portal_setup.runAllImportStepsFromProfile(PROFILE)
    assert created == []


def test_with_the_flag_of_make_start_the_demo_runs(portal, monkeypatch):
    monkeypatch.setenv(demo.ENV_FLAG, "1")
    created = []
    monkeypatch.setattr(demo, "create_demo", created.append)
    portal.portal_setup.runAllImportStepsFromProfile(PROFILE)
    assert [p.getId() for p in created] == [portal.getId()]


def _script(name):
    spec = importlib.util.spec_from_file_location(f"script_{name}", ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_create_site_refuses_a_new_demo_site_without_the_flag(app, monkeypatch):
    monkeypatch.delenv(demo.ENV_FLAG, raising=False)
    with pytest.raises(SystemExit, match="make start"):
        _script("create_site").create_site(app, "NuovoComune", "Comune nuovo")
    assert "NuovoComune" not in app.objectIds()


def test_serve_sets_the_flag_for_create_site(tmp_path, monkeypatch):
    serve = _script("serve")
    assert serve.DEMO_FLAG == demo.ENV_FLAG
    monkeypatch.delenv(demo.ENV_FLAG, raising=False)
    calls = []

    class Done:
        returncode = 0

    monkeypatch.setattr(serve.subprocess, "run", lambda cmd, **kw: calls.append((cmd, kw)) or Done())
    serve.setup_site(tmp_path / "etc", tmp_path, "Plone", 8080, force=True)
    (command, options), = calls
    assert any(str(c).endswith("create_site.py") for c in command)
    assert options["env"][demo.ENV_FLAG] == "1"

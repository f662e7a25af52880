"""Upgrade 1001 -> 1002 (identity) on data shaped like version 1001, and the
authomatic secret at install."""

from comune.istanze.identity.names import names_of
from comune.istanze.integrations.spid.secret import current_secret
from comune.istanze.upgrades import v1002_identity
from pas.plugins.authomatic.interfaces import random_secret
from pas.plugins.authomatic.utils import authomatic_plugin
from plone import api
from tests.fixtures import make_citizen
from types import SimpleNamespace

import base64
import json
import math


OLD_MAP = {"name": "fullname", "first_name": "first_name", "last_name": "last_name",
           "email": "email", "fiscal_code": "fiscal_code", "auth_method": "auth_method",
           "loa": "loa"}
JSON_RECORD = "pas.plugins.authomatic.interfaces.IPasPluginsAuthomaticSettings.json_config"


def assert_strong(secret):
    """At least 256 random bits: 43+ URL-safe base64 characters that decode
    to 32+ bytes, and no sign of a pattern."""
    assert len(secret) >= 43
    assert len(base64.urlsafe_b64decode(secret + "=" * (-len(secret) % 4))) >= 32
    counts = {c: secret.count(c) for c in set(secret)}
    entropy = -sum(n / len(secret) * math.log2(n / len(secret)) for n in counts.values())
    assert entropy * len(secret) >= 256 and entropy > 4.5
    assert secret != random_secret  # not pas.plugins.authomatic's per-process default


def test_install_sets_a_strong_secret(portal):
    assert_strong(current_secret())


def test_two_sites_get_different_secrets(integration):
    from tests.gcpause import add_plone_site
    from zope.component.hooks import getSite
    from zope.component.hooks import setSite

    first = current_secret()
    here = getSite()
    app = integration["app"]
    try:
        with api.env.adopt_roles(["Manager"]):
            other = add_plone_site(app, "secondo", extension_ids=["comune.istanze:default"],
                                   setup_content=False)
        setSite(other)
        second = current_secret()
    finally:
        setSite(here)
    assert_strong(second)
    assert second != first


def _old_shape(portal):
    """Version 1001: identity as member properties, the old propertymap,
    the 10-character default secret, a citizen known to authomatic."""
    registry = api.portal.get_tool("portal_registry")
    registry["pas.plugins.authomatic.interfaces.IPasPluginsAuthomaticSettings.secret"] = "abcDEF1234"
    cfg = json.loads(registry[JSON_RECORD])
    cfg["spid"]["propertymap"] = dict(OLD_MAP)
    registry[JSON_RECORD] = json.dumps(cfg)
    memberdata = api.portal.get_tool("portal_memberdata")
    for name in v1002_identity.OLD_PROPERTIES:
        memberdata.manage_addProperty(name, "", "string")
    forger = make_citizen("Sara", "Greco", auth_method="password", female=True)
    forger.setMemberProperties({"fiscal_code": "RSSMRA80A01Z999Y", "loa": "SpidL3",
                                "auth_method": "spid", "first_name": "Mario",
                                "last_name": "Rossi"})
    cf = "BNCGLI85C52Z999V"
    user = SimpleNamespace(id=cf, to_dict=lambda: {
        "id": cf, "first_name": "Giulia", "last_name": "Bianchi", "credentials": None,
        "data": {"fiscal_code": cf, "first_name": "Giulia", "last_name": "Bianchi"}})
    authomatic_plugin().remember_identity(SimpleNamespace(provider=SimpleNamespace(name="spid"),
                                                          user=user))
    return forger, cf


def test_upgrade_1002_renews_secret_moves_names_drops_properties(portal):
    forger, cf = _old_shape(portal)
    assert forger.getProperty("fiscal_code") == "RSSMRA80A01Z999Y"
    setup = api.portal.get_tool("portal_setup")
    setup.setLastVersionForProfile("comune.istanze:default", "1001")
    setup.upgradeProfile("comune.istanze:default", dest="1002")
    assert setup.getLastVersionForProfile("comune.istanze:default") == ("1002",)
    assert_strong(current_secret())
    memberdata = api.portal.get_tool("portal_memberdata")
    for name in v1002_identity.OLD_PROPERTIES:
        assert not memberdata.hasProperty(name)
    stored = portal.acl_users.mutable_properties._storage[forger.getId()]
    assert not set(v1002_identity.OLD_PROPERTIES) & set(stored)
    member = api.user.get(userid=forger.getId())
    assert not member.getProperty("fiscal_code", "") and not member.getProperty("loa", "")
    # names come from what the real SPID login left, never from member data
    assert names_of(cf) == ("Giulia", "Bianchi")
    assert names_of(forger.getId()) is None
    cfg = json.loads(api.portal.get_registry_record(JSON_RECORD))
    assert cfg["spid"]["propertymap"] == {"name": "fullname", "email": "email"}


def test_upgrade_steps_run_twice_safely(portal):
    _old_shape(portal)
    for _run in range(2):
        v1002_identity.renew_authomatic_secret()
        v1002_identity.names_from_logins()
        v1002_identity.drop_identity_properties()
    assert_strong(current_secret())

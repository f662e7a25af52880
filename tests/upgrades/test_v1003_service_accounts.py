"""Upgrade 1002 -> 1003: the service accounts' PAS plugin and registry records."""

from comune.istanze.service_accounts.plugin import PLUGIN_ID
from comune.istanze.upgrades import v1003_service_accounts
from plone import api
from plone.registry.interfaces import IRegistry
from zope.component import getUtility


RECORDS = ("cert_header", "trust_cert_header", "idempotency_hours")


def test_installed_with_the_profile(portal):
    pas = portal.acl_users
    assert PLUGIN_ID in pas.objectIds()
    for name in ("IExtractionPlugin", "IAuthenticationPlugin", "IPropertiesPlugin"):
        iface = pas.plugins._getInterfaceFromName(name)
        assert PLUGIN_ID in pas.plugins.listPluginIds(iface)
    assert api.portal.get_registry_record("comune.istanze.service_accounts.trust_cert_header") is False


def test_upgrade_adds_plugin_and_records_on_a_1002_site(portal):
    registry = getUtility(IRegistry)
    for name in RECORDS:
        del registry.records[f"comune.istanze.service_accounts.{name}"]
    portal.acl_users._delObject(PLUGIN_ID)
    assert v1003_service_accounts.add_service_accounts(portal=portal) is True
    assert PLUGIN_ID in portal.acl_users.objectIds()
    extraction = portal.acl_users.plugins._getInterfaceFromName("IExtractionPlugin")
    assert portal.acl_users.plugins.listPluginIds(extraction)[0] == PLUGIN_ID
    assert api.portal.get_registry_record("comune.istanze.service_accounts.cert_header") == \
        "X-SSL-Client-S-DN"
    assert api.portal.get_registry_record("comune.istanze.service_accounts.idempotency_hours") == 24
    assert v1003_service_accounts.add_service_accounts(portal=portal) is False  # idempotent


def test_no_upgrade_pending_on_a_fresh_site(portal):
    setup = portal.portal_setup
    assert setup.getLastVersionForProfile("comune.istanze:default") == ("1005",)
    assert not setup.listUpgrades("comune.istanze:default")

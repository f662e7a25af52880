"""Upgrade 1002 -> 1003 (webhooks): the settings' registry records."""

from comune.istanze.upgrades import v1003_webhooks
from comune.istanze.webhooks.endpoints import setting
from comune.istanze.webhooks.endpoints import site_endpoint
from plone import api
from plone.registry.interfaces import IRegistry
from tests.fixtures import make_type
from zope.component import getUtility


PREFIX = "comune.istanze.webhooks."


def test_new_sites_have_the_records_and_no_site_endpoint(portal, app_type):
    assert setting("timeout") == 10
    assert api.portal.get_registry_record(PREFIX + "site_url") == ""
    assert site_endpoint(app_type) is None


def test_a_1002_site_gets_the_records_keeping_values(portal):
    registry = getUtility(IRegistry)
    names = [n for n in registry.records.keys() if n.startswith(PREFIX)]
    for name in names:
        if name != PREFIX + "timeout":
            del registry.records[name]
    api.portal.set_registry_record(PREFIX + "timeout", 5)
    added = v1003_webhooks.add_webhooks_settings()
    assert sorted(added + [PREFIX + "timeout"]) == sorted(names)
    assert api.portal.get_registry_record(PREFIX + "timeout") == 5
    assert v1003_webhooks.add_webhooks_settings() == []  # a second run changes nothing


def test_site_endpoint_hears_only_the_listed_types(portal):
    casa = make_type(portal, code="CASA", title="Casa")
    mensa = make_type(portal, code="MENSA", title="Mensa")
    api.portal.set_registry_record(PREFIX + "site_url", "http://127.0.0.1:9/events")
    api.portal.set_registry_record(PREFIX + "site_secret", "a-site-secret-long-enough-0123")
    api.portal.set_registry_record(PREFIX + "site_types", [casa.getId()])
    endpoint = site_endpoint(casa)
    assert endpoint is not None and endpoint.wants("paid") and site_endpoint(mensa) is None
    api.portal.set_registry_record(PREFIX + "site_kinds", ["submitted"])
    assert not site_endpoint(casa).wants("paid") and site_endpoint(casa).wants("submitted")

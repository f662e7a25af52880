"""Upgrade 1003 -> 1004 (ANPR): registry records, catalog column, behavior."""

from comune.istanze.upgrades import v1004_anpr
from plone import api
from plone.registry.interfaces import IRegistry
from zope.component import getUtility


PREFIX = "comune.istanze.anpr."


def test_new_sites_have_everything(portal):
    assert api.portal.get_registry_record(PREFIX + "client") == ""
    assert api.portal.get_registry_record(PREFIX + "timeout") == 3.0
    assert "anpr_status" in api.portal.get_tool("portal_catalog").schema()
    assert v1004_anpr.BEHAVIOR in api.portal.get_tool("portal_types")["ApplicationType"].behaviors


def test_a_1003_site_gets_them_keeping_values(portal):
    registry = getUtility(IRegistry)
    names = [n for n in registry.records.keys() if n.startswith(PREFIX)]
    for name in names:
        if name != PREFIX + "timeout":
            del registry.records[name]
    api.portal.set_registry_record(PREFIX + "timeout", 5.0)
    catalog = api.portal.get_tool("portal_catalog")
    catalog.delColumn("anpr_status")
    fti = api.portal.get_tool("portal_types")["ApplicationType"]
    fti.behaviors = tuple(b for b in fti.behaviors if b != v1004_anpr.BEHAVIOR)
    added = v1004_anpr.add_anpr()
    assert sorted(n for n in added if n.startswith(PREFIX)) == sorted(
        n for n in names if n != PREFIX + "timeout")
    assert "anpr_status" in added and v1004_anpr.BEHAVIOR in added
    assert api.portal.get_registry_record(PREFIX + "timeout") == 5.0
    assert v1004_anpr.BEHAVIOR in fti.behaviors and "anpr_status" in catalog.schema()
    assert v1004_anpr.add_anpr() == []  # a second run changes nothing

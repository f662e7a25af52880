"""Upgrade 1003 -> 1004 (channels): the type behavior and the App IO records."""

from comune.istanze.channels import chosen_channels
from comune.istanze.upgrades import v1004_channels
from plone import api
from plone.registry.interfaces import IRegistry
from tests.fixtures import make_type
from zope.component import getUtility


PREFIX = "comune.istanze.appio."


def test_new_sites_have_the_behavior_and_app_io_off(portal):
    fti = api.portal.get_tool("portal_types").getTypeInfo("ApplicationType")
    assert "comune.istanze.channels" in fti.behaviors
    assert api.portal.get_registry_record(PREFIX + "url") == ""
    assert api.portal.get_registry_record(PREFIX + "client") == "rest"
    assert portal.portal_setup.getLastVersionForProfile("comune.istanze:default") == ("1005",)


def test_a_1003_site_gets_both_keeping_values(portal):
    fti = api.portal.get_tool("portal_types").getTypeInfo("ApplicationType")
    fti.behaviors = tuple(b for b in fti.behaviors if b != "comune.istanze.channels")
    casa = make_type(portal, code="CASA", title="Casa")
    assert chosen_channels(casa, "decision") == ["email"]  # before: email, as always
    registry = getUtility(IRegistry)
    names = sorted(n for n in registry.records.keys() if n.startswith(PREFIX))
    for name in names:
        if name != PREFIX + "timeout":
            del registry.records[name]
    api.portal.set_registry_record(PREFIX + "timeout", 7)
    added = v1004_channels.add_channels()
    assert added[0] == "comune.istanze.channels"
    assert sorted(added[1:] + [PREFIX + "timeout"]) == names
    assert api.portal.get_registry_record(PREFIX + "timeout") == 7
    assert "comune.istanze.channels" in fti.behaviors
    assert chosen_channels(casa, "decision") == ["email"]  # the default of the behavior
    assert v1004_channels.add_channels() == []  # a second run changes nothing

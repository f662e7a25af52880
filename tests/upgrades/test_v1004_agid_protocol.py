"""Upgrade 1003 -> 1004 (AgID protocol): the comune.istanze.protocol.agid.* records."""

from comune.istanze.integrations.protocol.agid.client import AgidProtocolAdapter
from comune.istanze.upgrades import v1004_agid_protocol
from plone import api
from plone.registry.interfaces import IRegistry
from zope.component import getUtility


PREFIX = "comune.istanze.protocol.agid."


def test_new_sites_have_the_records_and_keep_the_soap_adapter(portal):
    settings = AgidProtocolAdapter().agid_settings()
    assert settings.aoo_mittente == "aoo_istanze" and settings.registro_mittente == "ISTANZE"
    assert settings.key_env == "COMUNE_ISTANZE_AGID_KEY" and settings.callback_password in ("", None)
    assert api.portal.get_registry_record("comune.istanze.protocol.adapter") == "soap"


def test_a_1003_site_gets_the_records_keeping_values(portal):
    registry = getUtility(IRegistry)
    names = [n for n in registry.records.keys() if n.startswith(PREFIX)]
    assert len(names) == 10
    for name in names:
        if name != PREFIX + "amministrazione":
            del registry.records[name]
    api.portal.set_registry_record(PREFIX + "amministrazione", "c_d612")
    added = v1004_agid_protocol.add_agid_protocol_settings()
    assert sorted(added + [PREFIX + "amministrazione"]) == sorted(names)
    assert api.portal.get_registry_record(PREFIX + "amministrazione") == "c_d612"
    assert v1004_agid_protocol.add_agid_protocol_settings() == []  # a second run changes nothing


def test_the_upgrade_step_runs_from_1003(portal):
    registry = getUtility(IRegistry)
    for name in [n for n in registry.records.keys() if n.startswith(PREFIX)]:
        del registry.records[name]
    setup = api.portal.get_tool("portal_setup")
    setup.setLastVersionForProfile("comune.istanze:default", "1003")
    setup.upgradeProfile("comune.istanze:default", dest="1004")
    assert setup.getLastVersionForProfile("comune.istanze:default") == ("1004",)
    assert api.portal.get_registry_record(PREFIX + "registro_mittente") == "ISTANZE"

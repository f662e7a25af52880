"""Upgrade 1003 -> 1004 (INAD) on a site without the records."""

from comune.istanze.upgrades.v1004_inad import add_inad_settings
from plone.registry.interfaces import IRegistry
from zope.component import getUtility


def test_upgrade_registers_the_inad_records_switched_off(portal):
    registry = getUtility(IRegistry)
    for name in ("client", "url", "purpose_id", "audience"):
        del registry.records[f"comune.istanze.inad.{name}"]
    add_inad_settings(portal.portal_setup)
    assert registry["comune.istanze.inad.client"] == ""  # off until configured
    assert registry["comune.istanze.inad.purpose_id"] == ""
    registry["comune.istanze.inad.client"] = "inad"
    add_inad_settings(portal.portal_setup)  # idempotent, keeps the choice
    assert registry["comune.istanze.inad.client"] == "inad"


def test_the_steps_run_from_1003(portal):
    """portal_setup's 1003 -> 1004 runs the PDND and INAD steps."""
    from plone import api

    registry = getUtility(IRegistry)
    for name in [n for n in registry.records.keys()
                 if n.startswith(("comune.istanze.pdnd.", "comune.istanze.inad."))]:
        del registry.records[name]
    setup = api.portal.get_tool("portal_setup")
    setup.setLastVersionForProfile("comune.istanze:default", "1003")
    setup.upgradeProfile("comune.istanze:default", dest="1004")
    assert setup.getLastVersionForProfile("comune.istanze:default") == ("1004",)
    assert registry["comune.istanze.pdnd.client"] == ""
    assert registry["comune.istanze.inad.pec_sender"] == ""

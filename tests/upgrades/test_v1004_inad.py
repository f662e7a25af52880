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

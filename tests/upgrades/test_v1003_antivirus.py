"""Upgrade 1002 -> 1003 (antivirus) on a site without the records."""

from comune.istanze.upgrades.v1003_antivirus import add_antivirus_settings
from plone.registry.interfaces import IRegistry
from zope.component import getUtility


def test_upgrade_registers_the_antivirus_records_switched_off(portal):
    registry = getUtility(IRegistry)
    for name in ("scanner", "address", "timeout"):
        del registry.records[f"comune.istanze.antivirus.{name}"]
    add_antivirus_settings(portal.portal_setup)
    assert registry["comune.istanze.antivirus.scanner"] == ""  # off until configured
    assert registry["comune.istanze.antivirus.address"] == "/run/clamav/clamd.ctl"
    assert registry["comune.istanze.antivirus.timeout"] == 30
    registry["comune.istanze.antivirus.scanner"] = "clamd"
    add_antivirus_settings(portal.portal_setup)  # idempotent, keeps the choice
    assert registry["comune.istanze.antivirus.scanner"] == "clamd"

"""Upgrade 1003 -> 1004 (PDND) on a site without the records."""

from comune.istanze.upgrades.v1004_pdnd import add_pdnd_settings
from plone.registry.interfaces import IRegistry
from zope.component import getUtility


def test_upgrade_registers_the_pdnd_records_switched_off(portal):
    registry = getUtility(IRegistry)
    for name in ("client", "token_url", "client_id", "kid", "private_key_path"):
        del registry.records[f"comune.istanze.pdnd.{name}"]
    add_pdnd_settings(portal.portal_setup)
    assert registry["comune.istanze.pdnd.client"] == ""  # off until configured
    assert registry["comune.istanze.pdnd.private_key_path"] == ""
    assert registry["comune.istanze.pdnd.read_timeout"] == 10
    registry["comune.istanze.pdnd.client"] = "pdnd"
    add_pdnd_settings(portal.portal_setup)  # idempotent, keeps the choice
    assert registry["comune.istanze.pdnd.client"] == "pdnd"

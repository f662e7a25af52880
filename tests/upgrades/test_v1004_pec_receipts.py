"""Upgrade 1003 -> 1004 (PEC receipts) on a site without the mailbox records."""

from comune.istanze.upgrades.v1004_pec_receipts import add_pec_mailbox_settings
from plone import api
from plone.registry.interfaces import IRegistry
from zope.component import getUtility


NAMES = ("host", "port", "ssl", "user", "password")


def test_upgrade_registers_the_pec_mailbox_records_switched_off(portal):
    registry = getUtility(IRegistry)
    for name in NAMES:
        del registry.records[f"comune.istanze.inad.pec_pop3_{name}"]
    add_pec_mailbox_settings(portal.portal_setup)
    assert registry["comune.istanze.inad.pec_pop3_host"] == ""  # off until configured
    assert registry["comune.istanze.inad.pec_pop3_port"] == 995
    assert registry["comune.istanze.inad.pec_pop3_ssl"] is True
    registry["comune.istanze.inad.pec_pop3_host"] = "pop3.pec.example"
    add_pec_mailbox_settings(portal.portal_setup)  # idempotent, keeps the choice
    assert registry["comune.istanze.inad.pec_pop3_host"] == "pop3.pec.example"


def test_the_step_runs_from_1003(portal):
    registry = getUtility(IRegistry)
    for name in NAMES:
        del registry.records[f"comune.istanze.inad.pec_pop3_{name}"]
    setup = api.portal.get_tool("portal_setup")
    setup.setLastVersionForProfile("comune.istanze:default", "1003")
    setup.upgradeProfile("comune.istanze:default", dest="1004")
    assert setup.getLastVersionForProfile("comune.istanze:default") == ("1004",)
    assert registry["comune.istanze.inad.pec_pop3_user"] == ""
    assert "comune.istanze.inad.pec_pop3_password" in registry.records

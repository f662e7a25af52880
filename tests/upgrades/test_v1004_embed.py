"""Upgrade 1003 -> 1004 (embedding) on a site without the record."""

from comune.istanze.upgrades.v1004_embed import add_embed_settings
from plone.registry.interfaces import IRegistry
from zope.component import getUtility


def test_upgrade_registers_the_frame_ancestors_empty(portal):
    registry = getUtility(IRegistry)
    del registry.records["comune.istanze.embed.frame_ancestors"]
    add_embed_settings(portal.portal_setup)
    assert registry["comune.istanze.embed.frame_ancestors"] == []  # nobody until configured
    registry["comune.istanze.embed.frame_ancestors"] = ["https://www.comune.example"]
    add_embed_settings(portal.portal_setup)  # idempotent, keeps the choice
    assert registry["comune.istanze.embed.frame_ancestors"] == ["https://www.comune.example"]


def test_profile_version_is_1004_and_the_step_runs_from_1003(portal):
    setup = portal.portal_setup
    assert setup.getLastVersionForProfile("comune.istanze:default") == ("1005",)
    setup.setLastVersionForProfile("comune.istanze:default", "1003")
    steps = [s for group in setup.listUpgrades("comune.istanze:default")
             for s in (group if isinstance(group, list) else [group])]
    mine = [s for s in steps if s["title"] == "Incorporamento dei moduli in altri siti"]
    assert [(s["ssource"], s["sdest"]) for s in mine] == [("1003", "1004")]

"""Upgrade 1001 -> 1002 (bounded uploads) on a site without the record."""

from comune.istanze.uploads import limits
from comune.istanze.upgrades.v1002_uploads import add_upload_settings
from plone.registry.interfaces import IRegistry
from zope.component import getUtility


def test_upgrade_registers_the_request_limit(portal):
    registry = getUtility(IRegistry)
    registry["comune.istanze.comune_name"] = "Comune di Prova"
    del registry.records[limits.RECORD]
    assert limits.configured_mb() is None
    assert limits.request_limit_mb() == limits.CEILING_MB  # before the upgrade: only the ceiling
    add_upload_settings(portal.portal_setup)
    assert registry[limits.RECORD] == 0  # automatic
    assert registry["comune.istanze.comune_name"] == "Comune di Prova"  # other records untouched
    add_upload_settings(portal.portal_setup)  # idempotent
    assert registry[limits.RECORD] == 0


def test_profile_version_is_1003(portal):
    setup = portal.portal_setup
    assert setup.getLastVersionForProfile("comune.istanze:default") == ("1003",)

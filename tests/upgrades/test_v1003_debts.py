"""Upgrade 1002 -> 1003 (pagoPA debts of the Comune): the import's records."""

from comune.istanze.integrations.pagopa.debtors import current_resolver
from comune.istanze.integrations.pagopa.debtors import debts_settings
from comune.istanze.integrations.pagopa.debtors import MetadataResolver
from comune.istanze.upgrades import v1003_debts
from plone import api
from plone.registry.interfaces import IRegistry
from zope.component import getUtility


PREFIX = "comune.istanze.pagopa_debts."


def test_new_sites_have_the_records_with_the_metadata_resolver(portal):
    settings = debts_settings()
    assert settings.resolver == "metadati" and settings.metadata_key == "codiceFiscaleDebitore"
    assert settings.days_back == 365 and settings.days_ahead == 730
    assert isinstance(current_resolver(), MetadataResolver)


def test_a_1002_site_gets_the_records_keeping_values(portal):
    registry = getUtility(IRegistry)
    names = [n for n in registry.records.keys() if n.startswith(PREFIX)]
    for name in names:
        if name != PREFIX + "metadata_key":
            del registry.records[name]
    api.portal.set_registry_record(PREFIX + "metadata_key", "cfDebitore")
    added = v1003_debts.add_debts_settings()
    assert PREFIX + "resolver" in added and PREFIX + "metadata_key" not in added
    assert sorted(added + [PREFIX + "metadata_key"]) == sorted(names)
    assert api.portal.get_registry_record(PREFIX + "metadata_key") == "cfDebitore"
    assert v1003_debts.add_debts_settings() == []  # a second run changes nothing


def test_the_upgrade_step_runs_from_1002(portal):
    registry = getUtility(IRegistry)
    for name in [n for n in registry.records.keys() if n.startswith(PREFIX)]:
        del registry.records[name]
    setup = api.portal.get_tool("portal_setup")
    setup.setLastVersionForProfile("comune.istanze:default", "1002")
    setup.upgradeProfile("comune.istanze:default", dest="1003")
    assert setup.getLastVersionForProfile("comune.istanze:default") == ("1003",)
    assert debts_settings().resolver == "metadati"

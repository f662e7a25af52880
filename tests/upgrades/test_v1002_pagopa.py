"""Upgrade 1001 -> 1002 (pagoPA): the settings' registry records."""

from comune.istanze.integrations.pagopa.config import current_client
from comune.istanze.integrations.pagopa.config import pagopa_settings
from comune.istanze.integrations.pagopa.gpd import GPDClient
from comune.istanze.upgrades import v1002_pagopa
from plone import api
from plone.registry.interfaces import IRegistry
from zope.component import getUtility


PREFIX = "comune.istanze.pagopa."


def test_new_sites_have_the_records_and_no_client(portal):
    settings = pagopa_settings()
    assert settings.client == "" and current_client() is None
    assert settings.aux_digit == 3 and settings.read_timeout == 30
    assert settings.gpd_url.endswith("/gpd/debt-positions-service/v1")


def test_a_1001_site_gets_the_records_keeping_values(portal):
    registry = getUtility(IRegistry)
    names = [n for n in registry.records.keys() if n.startswith(PREFIX)]
    for name in names:
        if name != PREFIX + "segregation_code":
            del registry.records[name]  # shaped like 1001 (one record left by hand)
    api.portal.set_registry_record(PREFIX + "segregation_code", "47")
    added = v1002_pagopa.add_pagopa_settings()
    assert PREFIX + "client" in added and PREFIX + "segregation_code" not in added
    assert sorted(added + [PREFIX + "segregation_code"]) == sorted(names)
    assert api.portal.get_registry_record(PREFIX + "segregation_code") == "47"
    assert v1002_pagopa.add_pagopa_settings() == []  # a second run changes nothing
    api.portal.set_registry_record(PREFIX + "client", "gpd")
    assert isinstance(current_client(), GPDClient)

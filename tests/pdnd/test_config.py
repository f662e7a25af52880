"""The PDND client in the site: registry records, the named utility, client()."""

from comune.istanze.integrations import pdnd as pdnd_integration
from comune.istanze.integrations.pdnd.interfaces import IPDNDClient
from comune.istanze.integrations.pdnd.voucher import PDNDClient
from plone.registry.interfaces import IRegistry
from sandbox.pdnd import DEMO_PURPOSES
from sandbox.pdnd import verify_call
from zope.component import getUtility

import pytest


def test_off_until_configured(portal):
    registry = getUtility(IRegistry)
    assert registry["comune.istanze.pdnd.client"] == ""
    assert registry["comune.istanze.pdnd.assertion_audience"] == (
        "auth.interop.pagopa.it/client-assertion")
    assert pdnd_integration.client() is None
    # the private key has no record of its own: only where to find it
    names = [n for n in registry.records.keys() if n.startswith("comune.istanze.pdnd.")]
    assert "comune.istanze.pdnd.private_key_path" in names
    assert not any(n.endswith(("private_key", ".key")) for n in names)


def test_registry_picks_the_named_utility(portal):
    registry = getUtility(IRegistry)
    registry["comune.istanze.pdnd.client"] = "pdnd"
    chosen = pdnd_integration.client()
    assert isinstance(chosen, PDNDClient) and chosen is getUtility(IPDNDClient, name="pdnd")
    registry["comune.istanze.pdnd.client"] = "altro-fornitore"
    assert pdnd_integration.client() is None


@pytest.fixture
def configured(portal, pdnd):
    registry = getUtility(IRegistry)
    for name, value in vars(pdnd.settings()).items():
        registry[f"comune.istanze.pdnd.{name}"] = value
    client = pdnd_integration.client()
    client.vouchers.forget()
    client.evidences.forget()
    yield client
    client.vouchers.forget()
    client.evidences.forget()


def test_the_sites_client_reads_the_registry_and_audits_the_user(configured, portal):
    from plone.app.testing import TEST_USER_ID

    inad = DEMO_PURPOSES["inad"]
    headers = configured.headers(inad.id, "POST", inad.audience, b"{}", inad.audience)
    _voucher, evidence = verify_call(headers, b"{}", inad.audience)
    assert evidence["userID"] == TEST_USER_ID
    assert evidence["userLocation"] == "sportello-centrale"

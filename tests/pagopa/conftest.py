"""Fixtures of the pagoPA tests: the sandbox on a free port, a client for it."""

from comune.istanze.integrations.pagopa.gpd import GPDClient
from sandbox.pagopa.server import make_server
from tests.sandboxes import SandboxDriver
from tests.sandboxes import serving
from types import SimpleNamespace

import pytest


CREDITOR = "00000000201"  # the sandbox accepts any creditor fiscal code
KEY = "chiave-di-prova"


@pytest.fixture(scope="session")
def pagopa_server():
    with serving(make_server("127.0.0.1", 0, subscription_key=KEY)) as server:
        yield server


class Sandbox(SandboxDriver):
    """Drives the pagoPA sandbox through its HTTP test hooks."""

    def pay(self, iuv, amount=None, organization=CREDITOR, force=False):
        return self.call_json("/_control/pay", {"organization": organization, "iuv": iuv,
                                            "amount": amount, "force": force})

    def publish_flow(self, extra=(), organization=CREDITOR):
        return self.call_json("/_control/publish_flow",
                          {"organization": organization, "extra": list(extra)})

    def settings(self, **overrides):
        values = dict(
            client="gpd", gpd_url=f"{self.base}/gpd/debt-positions-service/v1",
            receipts_url=f"{self.base}/gpd/payments-receipts-service/v1",
            fdr_url=f"{self.base}/fdr-org/service/v1", checkout_url=f"{self.base}/checkout/ec/v2",
            subscription_key=KEY, receipts_subscription_key="", fdr_subscription_key="",
            checkout_subscription_key="", creditor_fiscal_code=CREDITOR,
            company_name="Comune di Esempio", segregation_code="47", aux_digit=3,
            postal_account="", postal_authorization="", connect_timeout=2, read_timeout=2)
        values.update(overrides)
        return SimpleNamespace(**values)


@pytest.fixture
def sandbox(pagopa_server):
    box = Sandbox(pagopa_server)
    box.reset()
    yield box
    box.reset()


@pytest.fixture
def client(sandbox):
    return GPDClient(settings=sandbox.settings())

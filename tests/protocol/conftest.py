"""Fixtures of the protocol tests: the sandbox register on a free port."""

from plone import api
from sandbox.protocol.server import make_server
from tests.sandboxes import SandboxDriver
from tests.sandboxes import serving

import pytest
import transaction


@pytest.fixture(scope="session")
def protocol_server():
    with serving(make_server("127.0.0.1", 0)) as server:
        yield server


class Sandbox(SandboxDriver):
    """Drives the sandbox register through its HTTP test hooks."""

    def __init__(self, server):
        super().__init__(server)
        self.url = f"{self.base}/protocollo"

    def cert(self):
        return self.call("/_control/cert").decode()


@pytest.fixture
def sandbox(protocol_server):
    box = Sandbox(protocol_server)
    box.reset()
    yield box
    box.reset()


@pytest.fixture
def protocol_site(functional_portal, sandbox):
    """The functional site configured for the sandbox register, committed."""
    api.portal.set_registry_record("comune.istanze.protocol.adapter", "soap")
    api.portal.set_registry_record("comune.istanze.protocol.url", sandbox.url)
    api.portal.set_registry_record("comune.istanze.protocol.timeout", 10)
    api.portal.set_registry_record("comune.istanze.protocol.signing_certificate", sandbox.cert())
    transaction.commit()
    return functional_portal

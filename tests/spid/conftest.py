"""Fixtures of the SPID/CIE tests: a sandbox broker on a free loopback port."""

from plone import api
from sandbox.oidc_broker.server import make_server

import pytest
import threading
import transaction


CLIENT_ID, CLIENT_SECRET = "comune-istanze", "sandbox-secret"


@pytest.fixture(scope="session")
def broker_server():
    server = make_server("127.0.0.1", 0, clients={CLIENT_ID: CLIENT_SECRET})
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def configure(issuer):
    api.portal.set_registry_record("comune.istanze.spid.issuer", issuer)
    api.portal.set_registry_record("comune.istanze.spid.client_id", CLIENT_ID)
    api.portal.set_registry_record("comune.istanze.spid.client_secret", CLIENT_SECRET)


@pytest.fixture
def spid_site(functional_portal, broker_server):
    """The functional site, configured for the sandbox broker and committed."""
    configure(broker_server.broker.issuer)
    transaction.commit()
    return functional_portal


@pytest.fixture
def site_url(functional, spid_site):
    host, port = functional["host"], functional["port"]
    return f"http://{host}:{port}/{spid_site.getId()}"

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


# -- AgID AOO-to-AOO (the "agid" adapter and the sandbox's destinatario desk)

AGID_PASSWORD = "prova-agid-0123"


@pytest.fixture(scope="session")
def agid_keys(tmp_path_factory):
    """A fresh signing pair of the sending AOO: (key file path, cert PEM)."""
    from sandbox.protocol.signing import make_key_and_cert

    key_pem, cert_pem = make_key_and_cert("comune.istanze AOO mittente (test)")
    path = tmp_path_factory.mktemp("agid") / "mittente-key.pem"
    path.write_bytes(key_pem)
    return str(path), cert_pem.decode("ascii")


class AgidSandbox(Sandbox):
    def __init__(self, server):
        super().__init__(server)
        self.url = f"{self.base}/agid/destinatario"

    def configure(self, **values):
        return self.call_json("/_control/agid", values)

    def agid(self):
        return self.state()["agid"]

    def annul(self, number, provvedimento, note=""):
        return self.call_json("/_control/agid/annulla",
                              {"number": number, "provvedimento": provvedimento, "note": note})


@pytest.fixture
def agid_sandbox(protocol_server, agid_keys):
    box = AgidSandbox(protocol_server)
    box.reset()
    box.configure(mittente_cert=agid_keys[1])
    yield box
    box.reset()


@pytest.fixture
def agid_site(functional, functional_portal, agid_sandbox, agid_keys):
    """The functional site on the "agid" adapter; the sandbox calls it back."""
    records = {
        "comune.istanze.protocol.adapter": "agid",
        "comune.istanze.protocol.url": agid_sandbox.url,
        "comune.istanze.protocol.timeout": 10,
        "comune.istanze.protocol.agid.key_file": agid_keys[0],
        "comune.istanze.protocol.agid.certificate": agid_keys[1],
        "comune.istanze.protocol.agid.callback_password": AGID_PASSWORD,
    }
    for name, value in records.items():
        api.portal.set_registry_record(name, value)
    transaction.commit()
    site = f"http://{functional['host']}:{functional['port']}/{functional_portal.getId()}"
    agid_sandbox.configure(mittente_url=f"{site}/@@protocollo-aoo-mittente",
                           mittente_user="protocollo", mittente_password=AGID_PASSWORD)
    return functional_portal

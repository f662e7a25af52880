"""Fixtures of the protocol tests: the sandbox register on a free port."""

from plone import api
from sandbox.protocol.server import make_server

import json
import pytest
import threading
import transaction
import urllib.request


@pytest.fixture(scope="session")
def protocol_server():
    server = make_server("127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


class Sandbox:
    """Drives the sandbox through its HTTP test hooks."""

    def __init__(self, server):
        self.server = server
        self.base = f"http://127.0.0.1:{server.server_address[1]}"
        self.url = f"{self.base}/protocollo"

    def _call(self, path, payload=None):
        data = json.dumps(payload or {}).encode() if payload is not None else None
        req = urllib.request.Request(self.base + path, data=data, method="POST" if data else "GET")
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.read()

    def mode(self, mode, delay=0, times=None):
        return json.loads(self._call("/_control", {"mode": mode, "delay": delay, "times": times}))

    def state(self):
        return json.loads(self._call("/_control/state"))

    def cert(self):
        return self._call("/_control/cert").decode()

    def reset(self):
        self._call("/_control/reset", {})


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

"""Fixtures of the PDND tests: the sandbox on a free port, a client for it."""

from comune.istanze.integrations.pdnd.voucher import PDNDClient
from sandbox.pdnd import ASSERTION_AUDIENCE
from sandbox.pdnd import DEMO_CLIENT_ID
from sandbox.pdnd import DEMO_CLIENT_KEY
from sandbox.pdnd import DEMO_KID
from sandbox.pdnd.server import make_server
from tests.sandboxes import SandboxDriver
from tests.sandboxes import serving
from types import SimpleNamespace

import pytest
import time


@pytest.fixture(scope="session")
def pdnd_server():
    with serving(make_server("127.0.0.1", 0)) as server:
        yield server


class PDNDSandbox(SandboxDriver):
    def settings(self, **overrides):
        values = dict(
            client="pdnd", token_url=f"{self.base}/token.oauth2",
            assertion_audience=ASSERTION_AUDIENCE, client_id=DEMO_CLIENT_ID, kid=DEMO_KID,
            private_key_path=str(DEMO_CLIENT_KEY), private_key_env="",
            user_location="sportello-centrale", loa="LoA3", assertion_lifetime=300,
            connect_timeout=1, read_timeout=1)
        values.update(overrides)
        return SimpleNamespace(**values)


@pytest.fixture
def pdnd(pdnd_server):
    box = PDNDSandbox(pdnd_server)
    box.reset()
    lifetime = pdnd_server.authority.lifetime
    yield box
    pdnd_server.authority.lifetime = lifetime
    box.reset()


@pytest.fixture
def pdnd_client(pdnd):
    return PDNDClient(settings=pdnd.settings())


def wait_until(predicate, timeout=5.0):
    """Wait for a slow sandbox call the client gave up on to finish (so that
    it does not land in the next test's state)."""
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "the sandbox never finished the slow call"
        time.sleep(0.05)

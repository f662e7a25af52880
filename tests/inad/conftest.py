"""Fixtures of the INAD tests: the sandboxes PDND and INAD, a client for them."""

from comune.istanze.integrations.inad.rest import INADClient
from sandbox.inad import AUDIENCE
from sandbox.inad import BASE_PATH
from sandbox.inad import PURPOSE_ID
from sandbox.inad.server import make_server
from tests.pdnd.conftest import pdnd  # noqa: F401 (fixtures shared with the PDND tests)
from tests.pdnd.conftest import pdnd_client  # noqa: F401
from tests.pdnd.conftest import pdnd_server  # noqa: F401
from tests.sandboxes import SandboxDriver
from tests.sandboxes import serving
from types import SimpleNamespace

import pytest


@pytest.fixture(scope="session")
def inad_server():
    with serving(make_server("127.0.0.1", 0)) as server:
        yield server


class INADSandbox(SandboxDriver):
    def settings(self, **overrides):
        values = dict(client="inad", url=self.base + BASE_PATH, purpose_id=PURPOSE_ID,
                      audience=AUDIENCE, connect_timeout=1, read_timeout=1)
        values.update(overrides)
        return SimpleNamespace(**values)

    def log(self, operation=None):
        return [c for c in self.state()["log"] if operation in (None, c["operation"])]


@pytest.fixture
def inad(inad_server):
    box = INADSandbox(inad_server)
    box.reset()
    polls = inad_server.index.polls_needed
    yield box
    inad_server.index.polls_needed = polls
    box.reset()


@pytest.fixture
def inad_client(inad, pdnd_client):
    return INADClient(settings=inad.settings(), pdnd=pdnd_client)

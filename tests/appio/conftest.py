"""Fixtures of the App IO tests: the sandbox on a free port, the site configured for it."""

from plone import api
from sandbox.appio.server import make_server
from tests.sandboxes import SandboxDriver
from tests.sandboxes import serving

import pytest


KEY = "chiave-app-io-di-prova"
PAYEE = "01234567890"


@pytest.fixture(scope="session")
def appio_server():
    with serving(make_server("127.0.0.1", 0, subscription_key=KEY)) as server:
        yield server


class Sandbox(SandboxDriver):
    def inbox(self, fiscal_code=None):
        suffix = f"?fiscal_code={fiscal_code}" if fiscal_code else ""
        return self.call_json(f"/_control/inbox{suffix}")

    def profile(self, fiscal_code, allowed):
        return self.call_json("/_control/profile",
                              {"fiscal_code": fiscal_code, "sender_allowed": allowed})

    def hold(self, hold=True):
        return self.call_json("/_control/hold", {"hold": hold})

    def records(self):
        return {"url": f"{self.base}/api/v1", "api_key": KEY, "client": "rest",
                "payee_fiscal_code": PAYEE, "timeout": 2}


@pytest.fixture
def io(appio_server):
    box = Sandbox(appio_server)
    box.reset()
    yield box
    box.reset()


def configure(io):
    for name, value in io.records().items():
        api.portal.set_registry_record(f"comune.istanze.appio.{name}", value)


@pytest.fixture
def appio_site(portal, io):
    configure(io)
    return portal


class Steps:
    """What the worker's StepContext does, without committing (integration layer)."""

    def __init__(self, job):
        self.job = job

    def save(self, step, value=True):
        self.job.results[step] = value

    def done(self, step):
        return step in self.job.results

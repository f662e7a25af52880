"""Fixtures of the webhooks tests: the sandbox receiver on a free port, a
type whose endpoint is that receiver, and the protocol register."""

from comune.istanze.outbox import queue
from comune.istanze.outbox.worker import run_once
from comune.istanze.webhooks.endpoints import add_endpoint
from plone import api
from sandbox.webhooks.server import make_server
from tests.fixtures import make_type
from tests.protocol.conftest import protocol_server  # noqa: F401 (fixture)
from tests.protocol.conftest import protocol_site  # noqa: F401 (fixture)
from tests.protocol.conftest import sandbox  # noqa: F401 (fixture)
from tests.sandboxes import SandboxDriver
from tests.sandboxes import serving

import pytest
import transaction


SECRET = "test-webhook-secret-abcdefghijkl"


@pytest.fixture(scope="session")
def receiver_server():
    with serving(make_server("127.0.0.1", 0, secret=SECRET)) as server:
        yield server


class Receiver(SandboxDriver):
    """Drives the sandbox receiver through its HTTP test hooks."""

    def __init__(self, server):
        super().__init__(server)
        self.url = f"{self.base}/events"

    def events(self):
        return self.call_json("/events.json")["items"]

    def types_of(self, subject, unique=True):
        """The event types received for ``subject``, in arrival order."""
        seen, result = set(), []
        for event in self.events():
            if event["subject"] == subject and event["signature_ok"]:
                if unique and event["id"] in seen:
                    continue
                seen.add(event["id"])
                result.append(event["type"].rsplit(".", 1)[1])
        return result


@pytest.fixture
def receiver(receiver_server):
    box = Receiver(receiver_server)
    box.reset()
    box.server.inbox.public_key = None
    yield box
    box.reset()


@pytest.fixture
def hooked_type(protocol_site, receiver):
    """A published type whose one endpoint is the sandbox receiver (HMAC)."""
    api.portal.set_registry_record("comune.istanze.webhooks.timeout", 2)
    type_obj = make_type(protocol_site)
    endpoint = add_endpoint(type_obj, {"title": "Gestionale casa", "url": receiver.url,
                                       "secret": SECRET, "kinds": list_kinds()})
    transaction.commit()
    type_obj.endpoint_id = endpoint.id  # for the tests only (not stored: no commit)
    return type_obj


def list_kinds():
    from comune.istanze.webhooks.events import KINDS

    return list(KINDS)


def make_due(portal):
    """Time passes: every open job is due now."""
    for job_id in queue.open_job_ids(portal):
        queue.get_job(portal, job_id).next_attempt = 0
    transaction.commit()


def drain(portal, rounds=20):
    """Run the worker until nothing is due; the counts of every round."""
    history = []
    for _i in range(rounds):
        make_due(portal)
        counts = run_once(portal)
        if not counts:
            break
        history.append(counts)
    return history

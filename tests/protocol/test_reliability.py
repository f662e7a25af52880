"""R2: the register down, a worker dying mid-job, several workers at once."""

from comune.istanze.integrations.protocol.registration import incoming_key
from comune.istanze.outbox import queue
from comune.istanze.outbox.interfaces import IJobHandler
from comune.istanze.outbox.worker import run_once
from comune.istanze.outbox.worker import StepContext
from comune.istanze.outbox.worker import claim
from comune.istanze.outbox.worker import find_target
from tests.fixtures import login
from tests.documents.helpers import submitted
from tests.fixtures import make_citizen
from tests.fixtures import make_type
from zope.component import getUtility
from zope.component import provideUtility
from zope.component.hooks import setSite
from zope.interface import implementer

import pytest
import threading
import transaction


@pytest.fixture
def app_type_f(protocol_site):
    obj = make_type(protocol_site)
    transaction.commit()
    return obj


def make_due(portal):
    """Time passes: every open job is due now."""
    for job_id in queue.open_job_ids(portal):
        queue.get_job(portal, job_id).next_attempt = 0
    transaction.commit()


def test_register_down_while_200_applications_are_submitted(protocol_site, app_type_f, sandbox):
    sandbox.mode("down")
    citizen = make_citizen()
    apps = []
    for _i in range(200):
        apps.append(submitted(app_type_f, citizen))
        transaction.commit()  # each submission is accepted at once
    assert len({a.number for a in apps}) == 200
    assert sandbox.state()["calls"] == 0
    counts = run_once(protocol_site)
    assert counts == {"pending": 200}  # receipts made, registrations to retry
    job = queue.job_for_key(protocol_site, incoming_key(apps[0]))
    assert "HTTP 503" in job.last_error and "receipt" in job.results
    sandbox.mode("ok")  # the register comes back
    make_due(protocol_site)
    assert run_once(protocol_site) == {"done": 200}
    numbers = [a.protocol_number for a in apps]
    assert len(set(numbers)) == 200 and None not in numbers
    state = sandbox.state()
    assert state["count"] == 200
    assert sorted(r["number"] for r in state["registrations"]) == sorted(numbers)


def test_lost_answer_is_recovered_by_idempotency_key(protocol_site, app_type_f, sandbox):
    app = submitted(app_type_f)
    transaction.commit()
    sandbox.mode("lose_response", times=1)  # registers, then the connection drops
    assert run_once(protocol_site) == {"pending": 1}
    assert sandbox.state()["count"] == 1
    assert getattr(app, "protocol_number", None) is None
    make_due(protocol_site)
    assert run_once(protocol_site) == {"done": 1}
    assert app.protocol_number == "0000001"
    assert sandbox.state()["count"] == 1  # not registered twice


class WorkerDied(BaseException):
    """The process stops between the register's answer and the commit."""


class DyingContext(StepContext):
    def save(self, step, value=True):
        if step == "register":
            raise WorkerDied()
        super().save(step, value)


def test_worker_dies_before_saving_the_registration(protocol_site, app_type_f, sandbox):
    app = submitted(app_type_f)
    transaction.commit()
    job_id = queue.job_for_key(protocol_site, incoming_key(app)).id
    job = claim(protocol_site, job_id, "worker-1")
    handler = getUtility(IJobHandler, name=job.kind)
    with pytest.raises(WorkerDied):
        handler.run(job, find_target(protocol_site, job.target), DyingContext(protocol_site, job))
    transaction.abort()  # nothing after the receipt step was saved
    assert sandbox.state()["count"] == 1
    job = queue.get_job(protocol_site, job_id)
    assert job.state == queue.IN_PROGRESS and set(job.results) == {"receipt"}
    assert run_once(protocol_site) == {}  # the lease of the dead worker still holds
    job.lease_until = 0  # ...until it expires
    transaction.commit()
    assert run_once(protocol_site) == {"done": 1}
    assert job.attempts == 2 and app.protocol_number == "0000001"
    assert sandbox.state()["count"] == 1


@implementer(IJobHandler)
class CountingHandler:
    title = "Prova"

    def __init__(self):
        self.runs = []
        self.lock = threading.Lock()

    def run(self, job, target, ctx):
        with self.lock:
            self.runs.append(job.id)
        ctx.save("called")


def test_several_workers_never_run_a_job_twice(protocol_site):
    handler = CountingHandler()
    provideUtility(handler, IJobHandler, name="test.counting")
    ids = [queue.enqueue(protocol_site, "test.counting", None, f"test.counting:{i:04d}").id
           for i in range(40)]
    transaction.commit()
    db = protocol_site._p_jar.db()
    path = protocol_site.getPhysicalPath()
    results, errors = [], []

    def worker(name):
        conn = db.open()
        try:
            portal = conn.root()["Application"].unrestrictedTraverse(path)
            setSite(portal)
            results.append(run_once(portal, owner=name))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            transaction.abort()
            conn.close()

    threads = [threading.Thread(target=worker, args=(f"w{i}",)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    setSite(protocol_site)
    assert errors == []
    assert sorted(handler.runs) == sorted(ids)  # each job exactly once
    assert sum(r.get("done", 0) for r in results) == 40
    transaction.begin()
    assert all(queue.get_job(protocol_site, i).state == queue.DONE for i in ids)

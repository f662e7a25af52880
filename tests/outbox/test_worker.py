"""The worker's entry point (what ``scripts/worker.py`` calls) and the queue rules."""

from comune.istanze.outbox import queue
from comune.istanze.outbox import worker
from comune.istanze.outbox.errors import PermanentError
from comune.istanze.outbox.interfaces import IJobHandler
from zope.component import provideUtility
from zope.interface import implementer

import transaction


@implementer(IJobHandler)
class Steps:
    """Fails transiently once after its first step; then finishes."""

    title = "Prova a passi"

    def __init__(self):
        self.calls = []

    def run(self, job, target, ctx):
        self.calls.append(dict(job.results))
        if not ctx.done("uno"):
            ctx.save("uno", 1)
            raise ConnectionError("servizio giù")
        if job.data.get("cattivo"):
            raise PermanentError("Dati rifiutati")
        ctx.save("due", 2)


def test_run_once_entry_point_resumes_steps(functional, functional_portal):
    handler = Steps()
    provideUtility(handler, IJobHandler, name="test.steps")
    job = queue.enqueue(functional_portal, "test.steps", None, "test.steps:00000001")
    bad = queue.enqueue(functional_portal, "test.steps", None, "test.steps:00000002", {"cattivo": True})
    assert queue.enqueue(functional_portal, "test.steps", None, "test.steps:00000001") is job
    transaction.commit()
    site_id = functional_portal.getId()
    assert worker.run(functional["app"], site_id, once=True) == {"pending": 2}
    transaction.begin()
    assert job.results == {"uno": 1} and job.last_error == "servizio giù"
    for j in (job, bad):
        j.next_attempt = 0
    transaction.commit()
    assert worker.run(functional["app"], site_id, once=True) == {"done": 1, "failed": 1}
    transaction.begin()
    assert job.state == queue.DONE and dict(job.results) == {"uno": 1, "due": 2}
    assert bad.state == queue.FAILED and bad.last_error == "Dati rifiutati"
    assert handler.calls[-2:] == [{"uno": 1}, {"uno": 1}]  # resumed after step "uno"
    assert queue.open_job_ids(functional_portal) == []
    assert [j.id for j in queue.problem_jobs(functional_portal)] == [bad.id]

"""Looking up digital domiciles for messages: one citizen, or a whole batch.

A single message asks INAD for its applicant (``extract``), with the
application's number as ``practicalReference``. A mass communication asks
once for all its recipients: the outbox job ``inad.list`` (one per batch,
idempotency key ``inad.list:<batch id>``) sends one asynchronous list
request per 1,000 codici fiscali, in resumable steps saved on the job:

1. ``request:<n>``: ``POST /listDigitalAddress``, INAD's request id saved;
2. ``result:<n>``: the state is polled (not ready: the outbox retries with
   backoff), then the list is read and saved as codice fiscale -> PEC
   address ("" when none).

The PEC jobs of the batch's messages read the saved results; while the list
job runs they wait (retried), and when it failed for good, or they have
waited for most of their attempts, they ask INAD for their own citizen.
"""

from comune.istanze import _
from comune.istanze.integrations.inad.config import current_client
from comune.istanze.integrations.inad.errors import INADNotReady
from comune.istanze.integrations.inad.errors import INADRejected
from comune.istanze.integrations.inad.interfaces import LIST_MAX
from comune.istanze.integrations.inad.rest import normal_cf
from comune.istanze.outbox import queue
from comune.istanze.outbox.errors import PermanentError
from plone import api


LIST_KIND = "inad.list"
WAITING = "In attesa dell'elenco dei domicili digitali della comunicazione (INAD)."


def client():
    found = current_client()
    if found is None:
        raise INADRejected("INAD non è configurato presso il Comune.")
    return found


def reference(app):
    """The practicalReference of a message of ``app``: its number."""
    return app.number or app.UID()


def batch_reference(batch_id):
    return f"COMUNICAZIONE-{batch_id}"


def list_key(batch_id):
    return f"{LIST_KIND}:{batch_id}"


def request_batch_list(batch_id):
    """Enqueue (once per batch) the list request of the batch's recipients."""
    return queue.enqueue(api.portal.get(), LIST_KIND, "", list_key(batch_id),
                         {"batch": batch_id})


def extract_address(cf, practical_reference, user_id=None):
    """The active PEC domicile of ``cf`` ("" when none), asking INAD now on
    behalf of ``user_id`` (audit)."""
    found = client().extract(cf, practical_reference, user_id=user_id)
    return found.address if found is not None else ""


def batch_address(batch_id, cf, waited_enough):
    """The domicile of ``cf`` from the batch's list ("" when none); None when
    the list failed for good or ``waited_enough`` (ask INAD directly);
    INADNotReady while the list job still runs."""
    job = queue.job_for_key(api.portal.get(), list_key(batch_id))
    if job is None or job.state in (queue.FAILED, queue.CANCELLED):
        return None
    if job.state != queue.DONE:
        if waited_enough:
            return None
        raise INADNotReady(WAITING)
    for step, found in job.results.items():
        if step.startswith("result:") and cf in found:
            return found[cf]
    return None  # not among the codes asked (e.g. a code added later)


def _codes(batch):
    brains = api.portal.get_tool("portal_catalog").unrestrictedSearchResults(
        UID=list(batch.all_targets))
    return sorted({cf for cf in (normal_cf(b.applicant_id) for b in brains) if cf})


class ListJob:
    """Outbox job ``inad.list``: the domiciles of a batch's recipients."""

    title = _("Domicili digitali di una comunicazione (INAD)")

    def run(self, job, target, ctx):
        from comune.istanze.backoffice.communications import get_batch

        batch = get_batch(job.data["batch"])
        if batch is None:
            raise PermanentError("Comunicazione non trovata")
        codes = _codes(batch)
        inad = client()
        for n, start in enumerate(range(0, len(codes), LIST_MAX)):
            if f"result:{n}" in job.results:
                continue
            if f"request:{n}" not in job.results:
                asked = inad.request_list(codes[start:start + LIST_MAX],
                                          batch_reference(batch.id), user_id=batch.author)
                ctx.save(f"request:{n}", asked.id)
            request_id = job.results[f"request:{n}"]
            state = inad.list_state(request_id, user_id=batch.author)
            if not state.ready:
                raise INADNotReady(f"Elenco INAD in elaborazione ({state.state}).")
            found = inad.list_response(request_id, user_id=batch.author)
            ctx.save(f"result:{n}", {cf: (d.address if d is not None else "")
                                     for cf, d in found.items()})

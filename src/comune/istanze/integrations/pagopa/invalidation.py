"""Invalidating the position of a payment nobody will make any more.

Two cases, both through the outbox (job kind ``pagopa.invalidate``, key
``pagopa.invalidate:<payment id>``: one job per payment, however often it is
asked):

* an application with open payments is deleted (the citizen deletes a
  «Paga e invia» draft): :func:`on_application_removed` enqueues the job
  before the object goes, with the IUPD and IUV in the job's data;
* a «Paga e invia» draft expires: :class:`ExpirySchedule` looks once an hour
  for drafts still waiting for their payment whose window closed more than
  :data:`GRACE` ago, or whose payment's due date has passed.

The job reads the position first: a position found **paid** is never
invalidated (a draft still there is then submitted, as on any payment; a
deleted one becomes a «Pagato dopo l'annullamento» item for staff); a
position never published needs nothing; otherwise it is invalidated in GPD
(an earlier call whose answer was lost counts as done). Then the payment is
marked invalid and the draft no longer waits for it (its answers can change
again). A payment arriving later is flagged by the reconciliation as «Pagato
dopo l'annullamento»: on the payment when the application exists, in the
ledger's unmatched items when it was deleted (``ledger.forget_iuv``).
"""

from comune.istanze.integrations.pagopa import interfaces as i
from comune.istanze.integrations.pagopa.ledger import add_unmatched
from comune.istanze.integrations.pagopa.ledger import forget_iuv
from comune.istanze.integrations.pagopa.positions import configured
from comune.istanze.integrations.pagopa.storage import get_payment
from comune.istanze.integrations.pagopa.storage import mark_invalid
from comune.istanze.integrations.pagopa.storage import OPEN_STATES
from comune.istanze.integrations.pagopa.storage import payments_changed
from comune.istanze.integrations.pagopa.storage import payments_of
from comune.istanze.outbox import queue
from comune.istanze.outbox.interfaces import IJobHandler
from comune.istanze.outbox.interfaces import IScheduledJobs
from datetime import datetime
from datetime import timedelta
from plone import api
from plone.base.interfaces import IPloneSiteRoot
from zope.interface import implementer


KIND = "pagopa.invalidate"
EXPIRE_KIND = "pagopa.expire"
# A draft whose citizen paid just before the window closed is not cut off by
# a slow PSP: its position stays payable one more day.
GRACE = timedelta(days=1)
DELETED, EXPIRED = "deleted", "expired"
AFTER_INVALID = "paid_after_invalidation"  # reconciliation.AFTER_INVALID


def request_invalidation(portal, app, payment, reason):
    """Enqueue the invalidation of ``payment``'s position (local, cheap)."""
    return queue.enqueue(portal, KIND, app.UID(), f"{KIND}:{payment.id}",
                         {"payment": payment.id, "iupd": payment.iupd, "iuv": payment.iuv,
                          "amount": payment.amount, "reason": reason})


def on_application_removed(app, event):
    """IObjectWillBeRemovedEvent: the open payments of a deleted application
    must not stay payable (a move is not a removal)."""
    if getattr(event, "newParent", None) is not None or IPloneSiteRoot.providedBy(event.object):
        return
    payments = [p for p in payments_of(app) if p.state in OPEN_STATES]
    if payments:
        portal = api.portal.get()
        for payment in payments:
            request_invalidation(portal, app, payment, DELETED)


def is_paid_position(position, iuv):
    from comune.istanze.fees.checkout import PAID_OPTION
    from comune.istanze.fees.checkout import PAID_POSITION

    option = next((o for o in position.payment_options if o.iuv == iuv), None)
    return position.status in PAID_POSITION or (option is not None and
                                                 option.status in PAID_OPTION)


@implementer(IJobHandler)
class Invalidation:
    title = "Annullamento della posizione debitoria pagoPA"

    def run(self, job, app, ctx):
        if ctx.done("invalidate"):
            return
        data = job.data
        payment = get_payment(app, data["payment"]) if app is not None else None
        if app is not None and (payment is None or payment.state not in OPEN_STATES):
            ctx.save("invalidate", {"skipped": payment.state if payment else "gone"})
            return
        client, settings = configured()
        iupd = data.get("iupd") or f"{settings.creditor_fiscal_code}-{data['payment']}"
        position = client.get_position(iupd)
        if position is not None and is_paid_position(position, data.get("iuv")):
            self._paid(ctx, app, payment, data)
            return
        if position is not None and position.status in i.PUBLISHED_STATES and \
                position.status != "EXPIRED":
            client.invalidate_position(iupd)
        if payment is not None:
            if getattr(app, "fee_payment", None) == payment.id:
                app.fee_payment = None  # the draft waits no more: it can change again
            mark_invalid(app, payment)
            payments_changed(app)
        elif data.get("iuv"):
            forget_iuv(ctx.portal, data["iuv"])
        ctx.save("invalidate", {"status": position.status if position else None})

    @staticmethod
    def _paid(ctx, app, payment, data):
        """Paid meanwhile: never invalidated."""
        from comune.istanze.fees.checkout import refresh

        if payment is not None:
            refresh(app, payment)  # marks it paid: a waiting draft is submitted
        else:
            add_unmatched(ctx.portal, AFTER_INVALID, data.get("iuv") or "",
                          "Pagato, ma l'istanza era stata eliminata", datetime.now(),
                          data.get("amount"))
        ctx.save("invalidate", {"paid": True})


def expired_drafts(portal, now):
    """«Paga e invia» drafts whose payment nobody should make any more."""
    from comune.istanze.fees.pay_and_submit import pending_payment

    catalog = portal.portal_catalog
    for brain in catalog.unrestrictedSearchResults(review_state="draft",
                                                   payment_states=list(OPEN_STATES)):
        app = brain._unrestrictedGetObject()
        payment = pending_payment(app)
        if payment is None or payment.state not in OPEN_STATES:
            continue
        closing = app.application_type().closing
        closing = closing.replace(tzinfo=None) if closing is not None else None
        due = payment.due_date
        due = due.date() if isinstance(due, datetime) else due
        if (closing is not None and closing + GRACE < now) or (due and due < now.date()):
            yield app, payment


@implementer(IJobHandler)
class Expiry:
    title = "Bozze «Paga e invia» scadute"

    def run(self, job, target, ctx):
        now = datetime.now()
        for app, payment in expired_drafts(ctx.portal, now):
            request_invalidation(ctx.portal, app, payment, EXPIRED)


@implementer(IScheduledJobs)
class ExpirySchedule:
    """Once an hour, when pagoPA is configured."""

    def schedule(self, portal, now):
        from comune.istanze.integrations.pagopa.config import current_client

        if current_client() is None:
            return None
        key = f"{EXPIRE_KIND}:{now:%Y-%m-%dT%H}"
        if queue.job_for_key(portal, key) is not None:
            return None
        return queue.enqueue(portal, EXPIRE_KIND, "", key)


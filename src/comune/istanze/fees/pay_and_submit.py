"""«Paga e invia»: a fee due at submission.

The citizen's «Paga e invia» runs every check of a submission, then creates
the payment (and its position job) and leaves the application a **draft
with a pending payment** (``fee_payment`` holds the payment id): not a new
workflow state, so every listing, statistic and ranking that counts
submitted applications keeps ignoring it, and the workflow stays the one the
office knows. Its answers are frozen from then on (:func:`check_editable`):
the amount was computed from them.

When the payment is paid (``mark_paid`` fires ``PaymentPaidEvent`` once,
whoever learnt of it: the checkout return page or the reconciliation
worker) :func:`on_paid` submits it through the product path (``fire``,
the ``submit`` rule with ``paid_payment``): numbered and dated at that
moment. The window and level were checked at «Paga e invia»: a citizen who
paid after the deadline is not refused for the delay of the PSP or of
pagoPA. Idempotent: an application no longer a draft, or a payment other
than its pending one, is left alone.
"""

from comune.istanze import _
from comune.istanze.fees.charging import charge
from comune.istanze.fees.fields import is_due_at_submission
from comune.istanze.identity import current_identity
from comune.istanze.integrations.pagopa.storage import get_payment
from comune.istanze.integrations.pagopa.storage import OPEN_STATES
from comune.istanze.integrations.pagopa.storage import PAID
from comune.istanze.integrations.pagopa.storage import REPORTED
from comune.istanze.workflow.errors import ApplicationError
from comune.istanze.workflow.errors import NotAllowed
from datetime import datetime
from plone import api


ATTR = "fee_payment"


def pending_payment(app):
    """The payment a «Paga e invia» draft waits for, or None."""
    payment_id = getattr(app, ATTR, None)
    return get_payment(app, payment_id) if payment_id else None


def check_fee_paid(app):
    """Called by every submission check: a fee due at submission must be
    paid first (so ``@istanze-invia`` cannot skip it)."""
    from comune.istanze.fees.charging import fee_amount

    if is_due_at_submission(app) and fee_amount(app) > 0:
        raise ApplicationError(_("Questo servizio richiede il pagamento: usa «Paga e invia»."),
                               field="fee")


def check_editable(app):
    """Refuse to change the answers of a draft waiting for its payment."""
    if pending_payment(app) is not None:
        raise NotAllowed(_("Il pagamento è in corso: le risposte non si possono più "
                           "modificare."))


def pay_and_submit(app):
    """«Paga e invia»: the payment to make (an open one is reused); when the
    answers ask for nothing, the application is simply submitted (None)."""
    from comune.istanze.workflow.submission import submit
    from comune.istanze.workflow.submission import validate_for_submission

    if not is_due_at_submission(app):
        raise NotAllowed(_("Questo servizio non prevede il pagamento alla presentazione."))
    payment = pending_payment(app)
    if payment is not None and payment.state in OPEN_STATES:
        return payment
    validate_for_submission(app, fee_check=False)
    payment = charge(app)
    if payment is None:
        submit(app)
        return None
    identity = current_identity()
    setattr(app, ATTR, payment.id)
    app.fee_requested = datetime.now()
    app.auth_method, app.loa = identity.auth_method, identity.loa or None
    return payment


def check_paid_submission(app, payment_id):
    """The ``submit`` rule's check when a payment submits the application."""
    payment = pending_payment(app)
    if api.content.get_state(app) != "draft":
        raise NotAllowed(_("L'istanza è già stata inviata."))
    if payment is None or payment.id != payment_id or payment.state not in (PAID, REPORTED):
        raise NotAllowed(_("Il pagamento dell'istanza non risulta eseguito."))


def on_paid(app, event):
    """PaymentPaidEvent: submit the draft that waited for this payment."""
    from comune.istanze.workflow.custom import repin_draft
    from comune.istanze.workflow.rules import fire_kind

    payment = pending_payment(app)
    if payment is None or payment.id != event.payment.id:
        return
    if api.content.get_state(app) != "draft":
        return
    # Whoever learnt of the payment (the citizen's return page, the
    # reconciliation worker) submits it on the citizen's behalf.
    with api.env.adopt_roles(["Manager"]):
        repin_draft(app)
        fire_kind(app, "submit", paid_payment=payment.id)

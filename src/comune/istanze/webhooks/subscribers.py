"""The product's own events, turned into the catalogue's (``events.py``).

* ``submitted``: ``IApplicationSubmittedEvent`` (once: it has its number);
* ``registered``: ``IApplicationRegisteredEvent`` (protocol, incoming);
* ``integration_requested``, ``integration_sent``, ``decided``,
  ``withdrawn``: DCWorkflow's after-transition event of the transitions in
  ``events.TRANSITIONS``, whoever fired them (one path per state change);
* ``paid``: ``IPaymentPaidEvent``.

The change that names each event (and so its id) is the submission, the
protocol number, the transition's history time, the payment id.
"""

from comune.istanze.webhooks.events import TRANSITIONS
from comune.istanze.workflow.rules import kind_of
from comune.istanze.webhooks.events import utc_iso
from comune.istanze.webhooks.log import publish
from comune.istanze.workflow.rules import KEY
from datetime import datetime


def on_submitted(app, event):
    publish(app, "submitted", "submitted", when=app.submitted,
            extra={"submitted": utc_iso(app.submitted) if app.submitted else None})


def on_registered(app, event):
    registration = event.registration
    when = datetime.combine(registration.date, registration.time)
    publish(app, "registered", registration.number, when=when,
            extra={"protocol_number": registration.number,
                   "protocol_register": registration.register,
                   "protocol_date": utc_iso(when)})


def on_transition(app, event):
    transition = event.transition.id if event.transition is not None else None
    kind = TRANSITIONS.get(kind_of(event.transition))
    if kind is None:
        return
    when = event.status["time"].asdatetime()
    extra = {"transition": transition}
    if kind == "decided":
        extra["outcome"] = event.new_state.id
    ctx = event.kwargs.get(KEY)
    deadline = getattr(ctx, "result", {}).get("deadline") if ctx is not None else None
    if kind == "integration_requested" and deadline is not None:
        extra["deadline"] = utc_iso(deadline)
    publish(app, kind, f"{transition}@{when.isoformat()}", when=when, extra=extra)


def on_paid(app, event):
    payment = event.payment
    publish(app, "paid", payment.id, when=payment.paid_at,
            extra={"payment_id": payment.id, "amount_cents": payment.amount,
                   "iuv": payment.iuv,
                   "paid_at": utc_iso(payment.paid_at) if payment.paid_at else None})

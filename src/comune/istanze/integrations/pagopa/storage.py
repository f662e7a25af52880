"""Where payments are kept: on their application, one record per payment.

A payment is what the Comune asks the citizen to pay (amount in euro cents,
description, due date, transfers to its accounts); the outbox job of
``positions.py`` gives it its IUPD, IUV and notice number and makes it a
published GPD debt position. Records live in a private OOBTree of the
application (``persistence.stored``), keyed by a random id: two payments
added at once never rewrite the same object.
"""

from BTrees.OOBTree import OOBTree
from comune.istanze.persistence import stored
from persistent import Persistent

import secrets
import time


ATTR = "_comune_istanze_payments"
NEW, PUBLISHED = "new", "published"
PAID, REPORTED, INVALID, EXPIRED = "paid", "reported", "invalid", "expired"
OPEN_STATES = (NEW, PUBLISHED)
STATE_TITLES = {
    NEW: "In preparazione",
    PUBLISHED: "Da pagare",
    "paid": "Pagato",
    "reported": "Rendicontato",
    "invalid": "Annullato",
    "expired": "Scaduto",
}


class Payment(Persistent):
    emailed = False  # office payments: an email to the citizen was queued
    def __init__(self, amount, description, due_date, transfers, reason=""):
        if int(amount) < 1:
            raise ValueError("L'importo di un pagamento è di almeno 1 centesimo.")
        if not transfers or sum(int(t["amount"]) for t in transfers) != int(amount):
            raise ValueError("La somma dei versamenti deve essere pari all'importo.")
        self.id = secrets.token_hex(16)
        self.amount = int(amount)  # euro cents
        self.description = description
        self.due_date = due_date
        self.transfers = [dict(t) for t in transfers]  # amount, remittance, category, iban...
        self.reason = reason  # ad-hoc payments: why, shown to the citizen
        self.created = time.time()
        self.state = NEW
        self.iupd = self.iuv = self.notice_number = None
        self.published = None
        self.paid_at = None  # datetime of the payment at the PSP
        self.receipt = None  # dict: receipt id, PSP, amount, payer... (see mark_paid)
        self.reported_at = None
        self.flow_id = None  # FdR identifier that reported it
        self.mismatches = []  # [{"kind": ..., "detail": ..., "when": ...}] for staff

    @property
    def state_title(self):
        return STATE_TITLES.get(self.state, self.state)


def add_payment(app, amount, description, due_date, transfers, reason=""):
    """A new payment of ``app``; transfers are dicts with ``amount`` (cents),
    ``remittance``, ``category`` (taxonomy) and ``iban`` or ``postal_iban``."""
    payment = Payment(amount, description, due_date, transfers, reason)
    stored(app, ATTR, OOBTree)[payment.id] = payment
    return payment


def payments_of(app):
    tree = stored(app, ATTR)
    return sorted(tree.values(), key=lambda p: p.created) if tree is not None else []


def get_payment(app, payment_id):
    tree = stored(app, ATTR)
    return tree.get(payment_id) if tree is not None else None


def _change(app, payment, state):
    from comune.istanze.integrations.pagopa.events import PaymentPaidEvent
    from comune.istanze.integrations.pagopa.events import PaymentStateChanged
    from zope.event import notify

    old = payment.state
    if old == state:
        return False
    payment.state = state
    event = PaymentPaidEvent if state == PAID else PaymentStateChanged
    notify(event(app, payment, old))
    return True


def mark_paid(app, payment, paid_at, receipt=None):
    """``payment`` was paid (idempotent: a second call changes nothing and
    fires nothing). ``receipt`` is a plain dict kept for the citizen."""
    if payment.state in (PAID, REPORTED):
        return False
    payment.paid_at = paid_at
    payment.receipt = dict(receipt) if receipt else payment.receipt
    return _change(app, payment, PAID)


def mark_reported(app, payment, flow_id, reported_at):
    """A reporting flow (FdR) reported ``payment`` (after it was paid)."""
    if payment.state == REPORTED:
        return False
    payment.flow_id, payment.reported_at = flow_id, reported_at
    return _change(app, payment, REPORTED)


def mark_invalid(app, payment):
    return _change(app, payment, INVALID)


def mark_expired(app, payment):
    return _change(app, payment, EXPIRED)


def flag_mismatch(payment, kind, detail, when):
    """A mismatch for staff (kinds: "amount", "unknown_iuv", "paid_twice",
    "paid_after_invalidation"); the same kind and detail are flagged once."""
    if any(m["kind"] == kind and m["detail"] == detail for m in payment.mismatches):
        return False
    payment.mismatches = [*payment.mismatches, {"kind": kind, "detail": detail, "when": when}]
    return True



# -- added for the reconciliation and the payments view (issue 11, H9) -------

SUMMARY_INDEXES = ["payment_states"]  # metadata ``payments_summary`` goes with it


def payments_changed(app):
    """Payments of ``app`` changed (state or mismatch flag): its catalog
    entry (index ``payment_states``, metadata ``payments_summary``) follows."""
    app.reindexObject(idxs=SUMMARY_INDEXES)

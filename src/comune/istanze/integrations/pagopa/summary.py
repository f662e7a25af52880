"""The payments' summary of an application, in the catalog.

Index ``payment_states`` (KeywordIndex: the states of its payments, plus
``mismatch`` when one is flagged) and metadata ``payments_summary`` (counts
and totals by state, notice numbers, latest date): the payments view and its
export read these and never wake an application. Kept current by
:func:`on_payment_changed` (every state change fires an event) and by
``storage.payments_changed`` (mismatch flags, publication by the outbox).
"""

from comune.istanze.integrations.pagopa import storage
from comune.istanze.interfaces import IApplication
from plone.indexer import indexer


MISMATCH = "mismatch"
DUE_STATES = (storage.PUBLISHED,)
PAID_STATES = (storage.PAID, storage.REPORTED)


def _day(payment):
    when = payment.paid_at or payment.published
    return when.date().isoformat() if when is not None else ""


def paid_amount(payment):
    """Cents paid according to the receipt, else the amount due."""
    return (payment.receipt or {}).get("amount", payment.amount)


def summarise(payments):
    """A plain dict of ``payments`` (empty list: None)."""
    if not payments:
        return None
    counts, amounts = {}, {}
    for p in payments:
        counts[p.state] = counts.get(p.state, 0) + 1
        amounts[p.state] = amounts.get(p.state, 0) + paid_amount(p)
    return {
        "count": len(payments),
        "states": counts,
        "amounts": amounts,  # cents by state (what was paid, for paid ones)
        "due": sum(p.amount for p in payments if p.state in DUE_STATES),
        "paid": sum(paid_amount(p) for p in payments if p.state in PAID_STATES),
        "mismatched": sum(1 for p in payments if p.mismatches),
        "notice_numbers": [p.notice_number for p in payments if p.notice_number],
        "last_day": max(_day(p) for p in payments),
        "paid_by_year": _paid_by_year(payments),  # statistics' rebuild reads it
    }


def _paid_by_year(payments):
    years = {}
    for p in payments:
        if p.state in PAID_STATES and p.paid_at is not None:
            count, cents = years.get(p.paid_at.year, (0, 0))
            years[p.paid_at.year] = (count + 1, cents + paid_amount(p))
    return years


@indexer(IApplication)
def payments_summary(obj):
    return summarise(storage.payments_of(obj))


@indexer(IApplication)
def payment_states(obj):
    payments = storage.payments_of(obj)
    if not payments:
        return None
    states = {p.state for p in payments}
    if any(p.mismatches for p in payments):
        states.add(MISMATCH)
    return sorted(states)


def on_payment_changed(app, event):
    storage.payments_changed(app)

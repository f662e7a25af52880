"""Storage of the Comune's debt positions imported from the GPD, per debtor.

One private structure on the site (``persistence.stored``), written by the
one import job (see :mod:`.debts`) and, for one debt at a time, by its
debtor coming back from Checkout:

* ``by_debtor``: debtor codice fiscale -> :class:`DebtorDebts`, a small
  persistent record of that person's debts (IUV -> plain dict, replaced
  whole on change). A citizen's page reads one record; two debtors never
  write the same object, so the citizen's own write (paid, after the server
  side check) conflicts only with an import touching that same person;
* ``debtor_of``: IUV -> codice fiscale (a debt moves when the back-end
  corrects its debtor);
* ``pending``: IUV -> codice fiscale of the debts still to pay: the sweep of
  an import run checks those its lists did not show again;
* ``seen``: IUVs seen in the current run (emptied when a run starts);
* ``scheduled_key``: the idempotency key of the last import job.

No shared list, no counter: BTrees keyed by random IUVs and by codici
fiscali, whose concurrent inserts land in distinct buckets.
"""

from BTrees.OOBTree import OOBTree
from BTrees.OOBTree import OOTreeSet
from comune.istanze.persistence import stored
from persistent import Persistent


ATTR = "_comune_istanze_pagopa_debts"
PENDING_STATES = ("VALID", "PARTIALLY_PAID")
PAID_STATES = ("PAID", "REPORTED")
PAID_OPTION = ("PO_PAID", "PO_PARTIALLY_REPORTED", "PO_REPORTED")


class DebtsStore(Persistent):
    def __init__(self):
        self.by_debtor = OOBTree()
        self.debtor_of = OOBTree()
        self.pending = OOBTree()
        self.seen = OOTreeSet()
        self.scheduled_key = None


class DebtorDebts(Persistent):
    """One debtor's imported debts: IUV -> dict (see :func:`record`)."""

    def __init__(self):
        self.items = {}

    def put(self, iuv, value):
        items = dict(self.items)
        items[iuv] = value
        self.items = items  # a new dict: the record is marked changed

    def drop(self, iuv):
        if iuv in self.items:
            self.items = {k: v for k, v in self.items.items() if k != iuv}


def store_of(portal, create=True):
    return stored(portal, ATTR, DebtsStore if create else None)


def is_pending(debt):
    return debt["status"] in PENDING_STATES and debt["option_status"] in ("", "PO_UNPAID")


def debts_of(portal, fiscal_code):
    """Every imported debt of ``fiscal_code`` (dicts), due first."""
    store = store_of(portal, create=False)
    record = store.by_debtor.get((fiscal_code or "").upper()) if store is not None else None
    if record is None:
        return []
    return sorted(record.items.values(), key=lambda d: (str(d["due_date"]), d["iuv"]))


def pending_of(portal, fiscal_code):
    return [d for d in debts_of(portal, fiscal_code) if is_pending(d)]


def get_debt(portal, fiscal_code, iuv):
    """The debt ``iuv`` of ``fiscal_code``; None when it is not theirs."""
    store = store_of(portal, create=False)
    record = store.by_debtor.get((fiscal_code or "").upper()) if store is not None else None
    return record.items.get(iuv) if record is not None else None


def save(portal, fiscal_code, debt):
    """Store ``debt`` under ``fiscal_code`` (moving it from a former debtor)."""
    store = store_of(portal)
    iuv = debt["iuv"]
    former = store.debtor_of.get(iuv)
    if former is not None and former != fiscal_code:
        old = store.by_debtor.get(former)
        if old is not None:
            old.drop(iuv)
    record = store.by_debtor.get(fiscal_code)
    if record is None:
        record = store.by_debtor[fiscal_code] = DebtorDebts()
    record.put(iuv, debt)
    if former != fiscal_code:
        store.debtor_of[iuv] = fiscal_code
    if is_pending(debt):
        if store.pending.get(iuv) != fiscal_code:
            store.pending[iuv] = fiscal_code
    elif iuv in store.pending:
        del store.pending[iuv]


def update_status(portal, fiscal_code, iuv, status, option_status="", paid_at=None,
                  last_updated=None):
    """A new status of a stored debt (paid, invalid, expired...); False if unchanged."""
    debt = get_debt(portal, fiscal_code, iuv)
    if debt is None:
        return False
    changed = dict(debt, status=status, option_status=option_status or debt["option_status"])
    if paid_at is not None:
        changed["paid_at"] = paid_at
    if last_updated is not None:
        changed["last_updated"] = last_updated
    if changed == debt:
        return False
    save(portal, fiscal_code, changed)
    return True

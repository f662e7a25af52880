"""The site's pagoPA ledger: which application owns an IUV, what the
reconciliation has read already, and what it could not match.

One private structure on the site (``persistence.stored``):

* ``by_iuv``: IUV -> (application UID, payment id), written by the positions
  job when it saves a payment's IUV. A receipt or a reporting flow names only
  the IUV: this finds the payment without waking any other application and
  without a catalog query. Chosen over a catalog index because its writers
  are outbox workers, one insert per job: IUVs are random, so concurrent
  inserts land in distinct buckets and BTrees resolve them; the rare
  conflict (a bucket split) fails the job's step commit and the outbox
  retries the step. The citizen's transaction never writes it.
* ``receipts_seen`` / ``flows_seen``: keys of receipts and flows already
  applied (idempotency of a re-run or of a job resumed after a crash);
* ``receipts_from`` / ``flows_after``: the saved cursors of the incremental
  reads (advanced at the end of a complete run);
* ``unmatched``: receipts and flow rows for IUVs no payment of the site owns,
  for staff (keyed, so a re-run adds nothing).

Only the reconciliation job writes the last four; one such job runs at a time
(see ``reconciliation.schedule``).
"""

from BTrees.OOBTree import OOBTree
from BTrees.OOBTree import OOTreeSet
from comune.istanze.persistence import stored
from datetime import datetime
from persistent import Persistent


ATTR = "_comune_istanze_pagopa_ledger"


class Ledger(Persistent):
    invalidated = None  # OOBTree IUV -> datetime: invalidated, application deleted
    def __init__(self):
        self.by_iuv = OOBTree()
        self.receipts_seen = OOTreeSet()
        self.flows_seen = OOTreeSet()
        self.unmatched = OOBTree()
        self.receipts_from = None  # date
        self.flows_after = None  # datetime (published)
        self.scheduled_key = None  # idempotency key of the last reconciliation job


def ledger_of(portal, create=True):
    return stored(portal, ATTR, Ledger if create else None)


def register_iuv(portal, app, payment):
    """Remember that ``payment.iuv`` belongs to ``payment`` of ``app``."""
    tree = ledger_of(portal).by_iuv
    value = (app.UID(), payment.id)
    if tree.get(payment.iuv) != value:
        tree[payment.iuv] = value


def owner_of(portal, iuv):
    """(application UID, payment id) of ``iuv``, or None."""
    ledger = ledger_of(portal, create=False)
    return ledger.by_iuv.get(iuv) if ledger is not None else None


def add_unmatched(portal, kind, iuv, detail, when, amount=None):
    """An item for staff that no payment owns; once per (kind, iuv, detail)."""
    ledger = ledger_of(portal)
    key = f"{kind}|{iuv}|{detail}"
    if key in ledger.unmatched:
        return False
    ledger.unmatched[key] = {"kind": kind, "iuv": iuv, "detail": detail, "when": when,
                             "amount": amount}
    return True


def unmatched_items(portal):
    ledger = ledger_of(portal, create=False)
    items = list(ledger.unmatched.values()) if ledger is not None else []
    return sorted(items, key=lambda item: str(item["when"]), reverse=True)


def forget_iuv(portal, iuv):
    """The application of ``iuv`` was deleted and its position invalidated:
    a later payment is «paid after invalidation», not an unknown IUV."""
    ledger = ledger_of(portal)
    if ledger.invalidated is None:
        ledger.invalidated = OOBTree()
    ledger.invalidated[iuv] = datetime.now()


def was_invalidated(portal, iuv):
    ledger = ledger_of(portal, create=False)
    return ledger is not None and ledger.invalidated is not None and iuv in ledger.invalidated

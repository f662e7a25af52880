"""Two small helpers for the add-on's own persistent structures.

* :func:`stored`: the BTree/record an object keeps under a private name,
  created on first write. It reads through ``aq_base`` so a name is never
  acquired from a parent, and by attribute access, never through
  ``__dict__`` (a ghost's ``__dict__`` is empty: looking there recreated
  and overwrote stored data).
* :func:`retry_on_conflict`: run one small, self-contained transaction again
  after a ZODB ConflictError, with a jittered, growing pause. Used where a
  tiny transaction is kept apart from the request's on purpose (number
  allocation, the outbox's shared job sets).
"""

from Acquisition import aq_base
from ZODB.POSException import ConflictError

import random
import time


def stored(obj, name, factory=None):
    """``obj``'s structure ``name``; with ``factory``, created when missing."""
    base = aq_base(obj)
    value = getattr(base, name, None)
    if value is None and factory is not None:
        value = factory()
        setattr(base, name, value)
    return value


def retry_on_conflict(attempt, tries, pause):
    """Call ``attempt()`` until it raises no ConflictError, at most ``tries``
    times. ``attempt`` aborts its own transaction before raising. Returns
    ``(True, result)``, or ``(False, None)`` when every try conflicted."""
    for number in range(tries):
        try:
            return True, attempt()
        except ConflictError:
            time.sleep(random.uniform(0, pause * (number + 1)))
    return False, None

"""Application numbers ``<year>-<CODE>-<6-digit sequence>`` without write conflicts.

Conflict strategy: the counters never take part in the request's transaction.
A number is allocated in a *separate, tiny transaction* on a separate ZODB
connection; when two allocations collide, only that sub-millisecond
transaction is retried here, never the citizen's request. The allocation is
idempotent per application (keyed by its UUID), so a request that ZPublisher
retries after an unrelated conflict gets the same number back: numbers are
unique per type and year, never reused, and not burnt by retries. As with a
database sequence, a number whose request finally fails is skipped, never
given to anybody else.

On objects created in the current, not yet committed transaction (a new
application type, unit tests) the separate connection cannot see the
counters yet, so the allocation runs inline: nobody else can see them either.
"""

from comune.istanze.persistence import retry_on_conflict
from comune.istanze.persistence import stored
from BTrees.OOBTree import OOBTree
from persistent import Persistent
from ZODB.POSException import ConflictError
from ZODB.utils import z64

import transaction


MAX_ATTEMPTS = 50


class Counter(Persistent):
    """The last number given for one (type, year)."""

    def __init__(self):
        self.value = 0


class Sequences(Persistent):
    """Per-type counters: year -> Counter, and application key -> number."""

    def __init__(self):
        self.counters = OOBTree()
        self.assigned = OOBTree()

    def next(self, year, key):
        number = self.assigned.get(key)
        if number is not None:
            return number
        counter = self.counters.get(year)
        if counter is None:
            counter = self.counters[year] = Counter()
        counter.value += 1
        self.assigned[key] = (year, counter.value)
        return year, counter.value


def sequences_for(type_obj):
    return stored(type_obj, "_sequences", Sequences)


def _committed(obj):
    if obj._p_jar is not None:
        obj._p_activate()  # a ghost has no serial yet
    return obj._p_jar is not None and obj._p_oid is not None and obj._p_serial != z64


def allocate(type_obj, year, key):
    """Return ``(year, n)``, the number for application ``key`` in ``year``."""
    return allocate_in(sequences_for(type_obj), year, key)


def allocate_in(seq, year, key):
    """Return ``(year, n)`` from the :class:`Sequences` ``seq`` (same strategy
    for every register kept by the add-on, e.g. the AgID sender's)."""
    if not _committed(seq) or seq._p_changed:
        return seq.next(year, key)
    db = seq._p_jar.db()

    def attempt():
        tm = transaction.TransactionManager(explicit=True)
        conn = db.open(transaction_manager=tm)
        try:
            tm.begin()
            result = conn.get(seq._p_oid).next(year, key)
            tm.get().note("comune.istanze: number allocation")
            tm.commit()
            return result
        except ConflictError:
            tm.abort()
            raise
        finally:
            conn.close()

    done, result = retry_on_conflict(attempt, MAX_ATTEMPTS, pause=0.002)
    if done:
        return result
    raise ConflictError("comune.istanze: could not allocate an application number")


def format_number(year, code, n):
    return f"{year}-{code}-{n:06d}"

"""Application numbers ``<year>-<CODE>-<6-digit sequence>`` without write conflicts.

Conflict strategy: the counters never take part in the request's transaction.
Numbers are reserved in a *separate, tiny transaction* on a separate ZODB
connection; when two reservations collide, only that sub-millisecond
transaction is retried here, never the citizen's request.

Two ways of numbering, one module:

- **one at a time** (:func:`allocate_in` with ``block=1``, the default: the
  AgID sender's register, whose numbers must follow the order of
  registration): every number is its own tiny transaction, which also
  records ``key -> number`` in :attr:`Sequences.assigned`, so a retried job
  gets its number back. Numbers are dense and in the order they were given.
- **in blocks per process** (:func:`allocate`, the applications' numbers
  given while serving citizens' requests, ``block=APPLICATION_BLOCK``;
  scripts and the worker number one at a time): one tiny transaction reserves the next
  ``block`` numbers for this process (one ``Counter`` write per block, not
  per submission); the process hands them out one by one from memory. On a
  cluster (several Zope processes on RelStorage) a submission therefore no
  longer commits a number transaction of its own, and the processes meet on
  the counter once per block, not once per citizen. What this means:

  * numbers are unique per type and year and never reused, in every process;
  * within one process they are given in submission order; *across*
    processes they are not: process A may give 11–20 while B gives 21–30 at
    the same time (the submission date, not the number, says who came
    first: a ranking's tie-breaker is the ``submitted`` date, the number
    only the very last resort when even that is equal);
  * a process that stops (restart, crash) leaves the rest of its block
    unused: a gap in the numbering, never a number given twice. So does a
    request that fails after its number was taken, as with a database
    sequence;
  * idempotent on retry: a request that ZPublisher retries after an
    unrelated conflict gets the same number back for the same key (the
    process remembers the last numbers it gave, per key; keys numbered one
    at a time before are found in ``assigned``).

On objects created in the current, not yet committed transaction (a new
application type, unit tests) the separate connection cannot see the
counters yet, so the allocation runs inline, one at a time: nobody else can
see them either.
"""

from BTrees.OOBTree import OOBTree
from collections import OrderedDict
from comune.istanze.persistence import retry_on_conflict
from comune.istanze.persistence import stored
from persistent import Persistent
from ZODB.POSException import ConflictError
from ZODB.utils import z64

import threading
import transaction
import weakref


MAX_ATTEMPTS = 50
APPLICATION_BLOCK = 20  # application numbers reserved by one Counter write
REMEMBERED = 10000  # numbers a process remembers per database, for retries


class Counter(Persistent):
    """The last number given (one at a time) or reserved (in blocks) for one
    (type, year)."""

    def __init__(self):
        self.value = 0


class Sequences(Persistent):
    """Per-type counters: year -> Counter, and application key -> number
    (numbers given one at a time)."""

    def __init__(self):
        self.counters = OOBTree()
        self.assigned = OOBTree()

    def counter(self, year):
        counter = self.counters.get(year)
        if counter is None:
            counter = self.counters[year] = Counter()
        return counter

    def next(self, year, key):
        number = self.assigned.get(key)
        if number is not None:
            return number
        counter = self.counter(year)
        counter.value += 1
        self.assigned[key] = (year, counter.value)
        return year, counter.value

    def reserve(self, year, size):
        """Reserve the next ``size`` numbers of ``year``: ``(first, last)``."""
        counter = self.counter(year)
        first = counter.value + 1
        counter.value += size
        return first, counter.value


def sequences_for(type_obj):
    return stored(type_obj, "_sequences", Sequences)


def _committed(obj):
    if obj._p_jar is not None:
        obj._p_activate()  # a ghost has no serial yet
    return obj._p_jar is not None and obj._p_oid is not None and obj._p_serial != z64


def allocate(type_obj, year, key, block=None):
    """Return ``(year, n)``, the number for application ``key`` in ``year``.

    ``block`` (default): in blocks of :data:`APPLICATION_BLOCK` inside a
    published request (the Zope processes serving citizens, where
    submissions are concurrent), one at a time elsewhere (scripts, the
    outbox worker, a restore's check: dense, the next number after the last).
    """
    if block is None:
        block = APPLICATION_BLOCK if _published() else 1
    return allocate_in(sequences_for(type_obj), year, key, block=block)


def _published():
    from comune.istanze.content.arrivals import IPublishedRequest
    from zope.globalrequest import getRequest

    return IPublishedRequest.providedBy(getRequest())


def allocate_in(seq, year, key, block=1):
    """Return ``(year, n)`` from the :class:`Sequences` ``seq`` (same strategy
    for every register kept by the add-on, e.g. the AgID sender's, one at a
    time; ``block > 1``: reserved per process ``block`` at a time)."""
    if not _committed(seq) or seq._p_changed:
        return seq.next(year, key)
    if block > 1:
        return _from_block(seq, year, key, block)
    return _in_own_transaction(seq, lambda found: found.next(year, key))


def _in_own_transaction(seq, change):
    """``change(seq as seen by a new connection)`` committed in its own
    tiny transaction, retried on conflict."""
    db = seq._p_jar.db()

    def attempt():
        tm = transaction.TransactionManager(explicit=True)
        conn = db.open(transaction_manager=tm)
        try:
            tm.begin()
            result = change(conn.get(seq._p_oid))
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


class _Blocks:
    """What one process holds for one database: the free numbers of its
    reserved blocks and the numbers it gave, per key (bounded)."""

    def __init__(self):
        self.free = {}  # (seq oid, year) -> [next, last]
        self.given = OrderedDict()  # (seq oid, key) -> (year, n)


_lock = threading.Lock()
_per_database = weakref.WeakKeyDictionary()  # ZODB.DB -> _Blocks


def _from_block(seq, year, key, block):
    number = seq.assigned.get(key)  # given one at a time earlier
    if number is not None:
        return number
    with _lock:
        blocks = _per_database.setdefault(seq._p_jar.db(), _Blocks())
        remembered = blocks.given.get((seq._p_oid, key))
        if remembered is not None and remembered[0] == year:
            return remembered
        free = blocks.free.get((seq._p_oid, year))
        if free is None or free[0] > free[1]:
            free = blocks.free[(seq._p_oid, year)] = list(
                _in_own_transaction(seq, lambda found: found.reserve(year, block)))
        number = (year, free[0])
        free[0] += 1
        blocks.given[(seq._p_oid, key)] = number
        if len(blocks.given) > REMEMBERED:
            blocks.given.popitem(last=False)
        return number


def forget_blocks(db):
    """Drop what this process holds for ``db`` (as a restart does: the rest
    of its blocks is never given)."""
    with _lock:
        _per_database.pop(db, None)


def format_number(year, code, n):
    return f"{year}-{code}-{n:06d}"

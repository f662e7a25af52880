"""Application numbers in blocks per process (numbering/sequence.py).

Two "processes" are two ZODB.DB objects on one ZEO server (each its own
connections, caches and blocks, as two Zope processes on RelStorage).
"""

from comune.istanze.numbering import sequence
from comune.istanze.numbering.sequence import allocate
from comune.istanze.numbering.sequence import allocate_in
from comune.istanze.numbering.sequence import APPLICATION_BLOCK
from comune.istanze.numbering.sequence import forget_blocks
from comune.istanze.numbering.sequence import sequences_for
from contextlib import contextmanager
from persistent.mapping import PersistentMapping

import pytest
import threading
import transaction
import ZEO


class Holder(PersistentMapping):
    """Stands in for an application type."""


@pytest.fixture
def server(tmp_path):
    address, stop = ZEO.server(path=str(tmp_path / "Data.fs"))
    db = ZEO.DB(address)
    with db.transaction() as conn:
        conn.root()["type"] = Holder()
        sequences_for(conn.root()["type"])
    db.close()
    yield address
    stop()


def process(address):
    return ZEO.DB(address)


def numbers_of(db, keys, year=2026):
    """Allocate ``keys`` in ``db`` on its own connection, committing the
    request after each (as a Zope thread does); returns the numbers."""
    tm = transaction.TransactionManager()
    conn = db.open(transaction_manager=tm)
    try:
        holder = conn.root()["type"]
        found = []
        for key in keys:
            found.append(allocate(holder, year, key, block=APPLICATION_BLOCK)[1])
            tm.commit()
        return found
    finally:
        conn.close()


@contextmanager
def type_in_new_process(address):
    """``(db, holder)``: a new process and the type on a connection of the
    thread's transaction; aborted and closed afterwards."""
    db = process(address)
    conn = db.open()
    try:
        yield db, conn.root()["type"]
    finally:
        transaction.abort()
        conn.close()
        db.close()


def committed(address):
    """What the server holds now (a new client: ZEO tells the others of a
    commit asynchronously, so an open DB may not have heard of the last)."""
    db = process(address)
    try:
        with db.transaction() as conn:
            seq = sequences_for(conn.root()["type"])
            return {year: c.value for year, c in seq.counters.items()}, dict(seq.assigned)
    finally:
        db.close()


def counter_value(address, year=2026):
    return committed(address)[0][year]


def test_two_processes_never_give_the_same_number(server):
    a, b = process(server), process(server)
    found = {"a": [], "b": []}

    def submit(name, db):
        for i in range(3):  # interleaved: each takes a block, then the next
            found[name] += numbers_of(db, [f"{name}-{i}-{n}" for n in range(15)])

    threads = [threading.Thread(target=submit, args=item) for item in (("a", a), ("b", b))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    everything = found["a"] + found["b"]
    assert len(everything) == 90 and len(set(everything)) == 90
    # in submission order within one process
    assert found["a"] == sorted(found["a"]) and found["b"] == sorted(found["b"])
    # one Counter write per block: what was reserved covers every number given
    assert counter_value(server) >= max(everything)
    assert counter_value(server) % APPLICATION_BLOCK == 0
    a.close()
    b.close()


def test_a_restart_leaves_a_gap_and_never_reuses_a_number(server):
    a = process(server)
    before = numbers_of(a, ["first", "second"])
    assert before == [1, 2]
    forget_blocks(a)  # the process stops: the rest of its block is never given
    a.close()
    a = process(server)
    after = numbers_of(a, ["third"])
    assert after == [APPLICATION_BLOCK + 1]
    b = process(server)
    assert numbers_of(b, ["fourth"]) == [2 * APPLICATION_BLOCK + 1]
    a.close()
    b.close()


def test_a_retried_request_gets_its_number_back(server):
    with type_in_new_process(server) as (_db, holder):
        first = allocate(holder, 2026, "app-uid", block=APPLICATION_BLOCK)
        transaction.abort()  # the request met a conflict: ZPublisher retries it
        again = allocate(holder, 2026, "app-uid", block=APPLICATION_BLOCK)
        other = allocate(holder, 2026, "other-uid", block=APPLICATION_BLOCK)
        assert first == again == (2026, 1) and other == (2026, 2)
        assert allocate(holder, 2027, "app-uid-2027", block=APPLICATION_BLOCK) == (2027, 1)


def test_a_number_given_one_at_a_time_is_found_again(server):
    """A key numbered before the blocks (``assigned``) keeps its number."""
    with type_in_new_process(server) as (_db, holder):
        assert allocate_in(sequences_for(holder), 2026, "old-app") == (2026, 1)
        transaction.abort()  # a later request sees it committed
        assert allocate(holder, 2026, "old-app", block=APPLICATION_BLOCK) == (2026, 1)
        assert allocate(holder, 2026, "new-app", block=APPLICATION_BLOCK) == (2026, 2)


def test_one_at_a_time_stays_dense_and_in_order_across_processes(server):
    """The AgID register (``allocate_in`` without a block): every number in
    its own transaction, recorded per key, dense in the order given, whichever
    process gives it."""
    a, b = process(server), process(server)
    given, errors = [], []

    def register(db, name):
        conn = db.open(transaction_manager=transaction.TransactionManager())
        seq = sequences_for(conn.root()["type"])
        try:
            for n in range(20):
                given.append(allocate_in(seq, 2026, f"{name}-{n}")[1])
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            conn.close()

    threads = [threading.Thread(target=register, args=(db, name)) for db, name in ((a, "a"), (b, "b"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(given) == list(range(1, 41))
    counters, assigned = committed(server)
    assert counters == {2026: 40}
    assert len(assigned) == 40 and assigned["a-0"][0] == 2026
    a.close()
    b.close()


def test_the_process_remembers_a_bounded_number_of_keys(server, monkeypatch):
    monkeypatch.setattr(sequence, "REMEMBERED", 3)
    a = process(server)
    numbers_of(a, [f"k{n}" for n in range(5)])
    assert len(sequence._per_database[a].given) == 3
    a.close()


def test_outside_a_published_request_numbers_stay_dense_across_restarts(server):
    """Scripts, the worker, a restore's check: one at a time, so the next
    number after a restart is the one after the last (no block, no gap)."""
    with type_in_new_process(server) as (a, holder):
        assert [allocate(holder, 2026, f"script-{n}")[1] for n in range(3)] == [1, 2, 3]
        forget_blocks(a)
    with type_in_new_process(server) as (_db, holder):
        assert allocate(holder, 2026, "after-restart") == (2026, 4)
        assert counter_value(server) == 4

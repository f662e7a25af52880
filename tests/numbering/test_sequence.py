"""Application numbers: unique, never reused, idempotent, conflict-free."""

from comune.istanze.numbering.sequence import allocate
from comune.istanze.numbering.sequence import format_number
from comune.istanze.numbering.sequence import sequences_for
from persistent.mapping import PersistentMapping
from ZODB.FileStorage import FileStorage

import threading
import transaction
import ZODB


class Holder(PersistentMapping):
    """Stands in for an application type (anything persistent with a dict)."""


def _db(tmp_path):
    db = ZODB.DB(FileStorage(str(tmp_path / "Data.fs")))
    conn = db.open()
    holder = conn.root()["type"] = Holder()
    sequences_for(holder)
    transaction.commit()
    conn.close()
    return db


def test_format():
    assert format_number(2026, "CONTAFF", 7) == "2026-CONTAFF-000007"


def test_concurrent_allocations_are_unique_and_dense(tmp_path):
    db = _db(tmp_path)
    results, errors = [], []

    def worker(n):
        tm = transaction.TransactionManager()
        conn = db.open(transaction_manager=tm)
        holder = conn.root()["type"]
        try:
            for i in range(40):
                # The request's own transaction keeps going meanwhile.
                results.append(allocate(holder, 2026, f"app-{n}-{i}"))
                tm.commit()
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            conn.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    numbers = sorted(n for _y, n in results)
    assert numbers == list(range(1, 8 * 40 + 1))
    db.close()


def test_allocation_is_idempotent_per_application(tmp_path):
    db = _db(tmp_path)
    conn = db.open()
    holder = conn.root()["type"]
    first = allocate(holder, 2026, "same-app")
    transaction.abort()  # the request failed and is retried by ZPublisher
    again = allocate(holder, 2026, "same-app")
    other = allocate(holder, 2026, "other-app")
    assert first == again == (2026, 1)
    assert other == (2026, 2)
    next_year = allocate(holder, 2027, "new-year-app")
    assert next_year == (2027, 1)
    conn.close()
    db.close()

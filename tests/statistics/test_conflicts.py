"""The counters' conflict strategy on a real FileStorage: concurrent
submissions and ratings of the same type and year both commit."""

from comune.istanze.statistics.counters import StatisticsStore
from ZODB.FileStorage import FileStorage
from ZODB.POSException import ConflictError

import pytest
import transaction
import ZODB


@pytest.fixture
def db(tmp_path):
    database = ZODB.DB(FileStorage(str(tmp_path / "Data.fs")))
    with database.transaction() as conn:
        conn.root()["store"] = store = StatisticsStore()
        store.register_type("CONTAFF", "Contributo affitto", [2026])  # the editor publishes
    yield database
    database.close()


def two_connections(db):
    tms = [transaction.TransactionManager(explicit=True) for _ in range(2)]
    conns = [db.open(transaction_manager=tm) for tm in tms]
    for tm in tms:
        tm.begin()
    return tms, [c.root()["store"] for c in conns], conns


def test_concurrent_changes_of_the_same_counters_both_commit(db):
    tms, (a, b), conns = two_connections(db)
    a.change(2026, "CONTAFF", "submitted", 1)
    a.change(2026, "CONTAFF", "spid", 1)
    b.change(2026, "CONTAFF", "submitted", 1)
    b.change(2026, "CONTAFF", "cie", 1)
    b.change(2026, "CONTAFF", "rating_sum", 4)
    tms[0].commit()
    tms[1].commit()  # Length._p_resolveConflict adds the deltas: no ConflictError
    for c in conns:
        c.close()
    with db.transaction() as conn:
        store = conn.root()["store"]
        assert store.totals(2026)["submitted"] == 2
        assert store.values(2026)["CONTAFF"] == {
            "submitted": 2, "spid": 1, "cie": 1, "cns": 0, "other": 0, "ratings": 0, "rating_sum": 4,
            "payments": 0, "payments_cents": 0, "online": 0, "sportello": 0}


def test_only_a_same_key_insert_race_conflicts(db):
    """Counters missing (a year outside every published window): the hot
    path inserts them; two concurrent inserts of the same new keys conflict
    once, and ZPublisher's retry finds them."""
    tms, (a, b), conns = two_connections(db)
    a.change(2030, "MENSA", "submitted", 1)
    b.change(2030, "MENSA", "submitted", 1)
    tms[0].commit()
    with pytest.raises(ConflictError):
        tms[1].commit()
    tms[1].abort()
    tms[1].begin()  # the retry
    conns[1].root()["store"].change(2030, "MENSA", "submitted", 1)
    tms[1].commit()
    for c in conns:
        c.close()
    with db.transaction() as conn:
        assert conn.root()["store"].totals(2030)["submitted"] == 2

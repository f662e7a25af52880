"""The outbox's shards: concurrent submissions meet only inside one shard.

Plain ZODB (a FileStorage: it resolves conflicts, MappingStorage does not),
two connections, no Plone: what matters is which persistent objects two
concurrent transactions write and read.
"""

from comune.istanze.outbox import queue
from persistent import Persistent
from ZODB.FileStorage import FileStorage

import pytest
import transaction
import ZODB


class Site(Persistent):
    """Stands for the portal: the outbox is stored on it."""


def keys_in(shard, count):
    found = (f"email:{n}" for n in range(100000))
    return [key for key in found if queue.shard_number(key) == shard][:count]


@pytest.fixture
def db(tmp_path):
    database = ZODB.DB(FileStorage(str(tmp_path / "Data.fs")))
    with database.transaction() as conn:
        conn.root()["site"] = Site()
        queue.get_outbox(conn.root()["site"])
    yield database
    database.close()


def _open(db):
    tm = transaction.TransactionManager()
    conn = db.open(transaction_manager=tm)
    return tm, conn.root()["site"]


def test_jobs_live_in_the_shard_of_their_key(db):
    tm, site = _open(db)
    jobs = [queue.enqueue(site, "email", "", f"email:{n}") for n in range(300)]
    box = queue.get_outbox(site)
    assert len({job.id.partition("-")[0] for job in jobs}) == queue.SHARDS
    for job in jobs:
        shard = box.shards[queue.shard_number(job.key)]
        assert box.shard_of(job.id) is shard and shard.jobs[job.id] is job
        assert queue.get_job(site, job.id) is job
        assert queue.job_for_key(site, job.key) is job
        assert queue.enqueue(site, "email", "", job.key) is job  # idempotent
    assert sorted(queue.open_job_ids(site)) == sorted(job.id for job in jobs)
    assert queue.get_job(site, "99-nothing") is None and queue.get_job(site, "x") is None
    tm.commit()


def test_a_split_in_one_shard_does_not_fail_a_submission_in_another(db):
    """Transaction A enqueues enough jobs to split buckets of its shard while
    B enqueues one job in another shard: both commit. With one set of trees
    (version 1000) B failed, because every BTree insert checks the root
    that A's split rewrote."""
    tm_a, site_a = _open(db)
    tm_b, site_b = _open(db)
    for key in keys_in(0, 120):
        queue.enqueue(site_a, "email", "", key)
    job_b = queue.enqueue(site_b, "email", "", keys_in(1, 1)[0])
    tm_a.commit()
    tm_b.commit()
    tm, site = _open(db)
    assert queue.get_job(site, job_b.id).key == job_b.key
    assert len(queue.open_job_ids(site)) == 121
    tm.abort()


def test_concurrent_inserts_into_one_shard_are_resolved_without_a_split(db):
    tm, site = _open(db)
    for key in keys_in(3, 5)[2:]:  # a shard in use, not an empty tree
        queue.enqueue(site, "email", "", key)
    tm.commit()
    tm_a, site_a = _open(db)
    tm_b, site_b = _open(db)
    key_a, key_b = keys_in(3, 2)
    queue.enqueue(site_a, "email", "", key_a)
    queue.enqueue(site_b, "email", "", key_b)
    tm_a.commit()
    tm_b.commit()
    tm, site = _open(db)
    assert {queue.job_for_key(site, k).key for k in (key_a, key_b)} == {key_a, key_b}
    tm.abort()

"""The outbox: one persistent queue for every call that leaves the site.

Conflict strategy. Enqueueing happens in the citizen's transaction and must
never collide with other submissions or with the workers: each job is its own
persistent object, stored in BTrees keyed by job id (``jobs``), by
idempotency key (``by_key``) and in a set of open job ids (``open``).
Concurrent inserts of distinct keys into a BTree bucket are resolved by
BTrees' conflict resolution, but a bucket split is not, and every insert
also checks that the tree's root has not changed (``readCurrent``): a split
anywhere in one tree fails every concurrent insert into it. So the outbox is
:data:`SHARDS` independent sets of trees, created once and never replaced;
a job lives in the shard its idempotency key hashes to, named by its id's
prefix, and two submissions meet only when their jobs share a shard.
Workers only write the job objects and remove ids from ``open``.

A job is claimed by a worker with a lease in its own committed transaction:
two workers claiming the same job both write the job object, and ZODB makes
exactly one of them fail with a ConflictError. A lease that expires (worker
died) lets another worker take the job over; steps already saved are kept.
"""

from BTrees.OOBTree import OOBTree
from BTrees.OOBTree import OOTreeSet
from comune.istanze.persistence import stored
from comune.istanze.outbox.interfaces import IOutboxSettings
from persistent import Persistent
from persistent.mapping import PersistentMapping
from plone.registry.interfaces import IRegistry
from zope.component import queryUtility

import secrets
import time
import zlib


PENDING, IN_PROGRESS, DONE, FAILED, CANCELLED = (
    "pending", "in_progress", "done", "failed", "cancelled",
)
STATE_TITLES = {
    PENDING: "In attesa",
    IN_PROGRESS: "In corso",
    DONE: "Completato",
    FAILED: "Fallito",
    CANCELLED: "Annullato",
}
ATTR = "_comune_istanze_outbox"


def settings():
    registry = queryUtility(IRegistry)
    if registry is not None:
        proxy = registry.forInterface(IOutboxSettings, prefix="comune.istanze.outbox", check=False)
        return proxy
    return None


def setting(name):
    proxy = settings()
    value = getattr(proxy, name, None) if proxy is not None else None
    return value if value is not None else IOutboxSettings[name].default


SHARDS = 32


def shard_number(key):
    """The shard of the job with idempotency ``key``."""
    return zlib.crc32(key.encode("utf-8")) % SHARDS


class Job(Persistent):
    def __init__(self, kind, target, key, data=None, max_attempts=None):
        self.id = f"{shard_number(key):02d}-{secrets.token_hex(8)}"
        self.kind = kind
        self.target = target  # UID of the target object
        self.key = key  # idempotency key, also sent to the remote system
        self.data = dict(data or {})
        self.state = PENDING
        self.attempts = 0
        self.max_attempts = max_attempts or setting("max_attempts")
        self.created = time.time()
        self.updated = self.created
        self.next_attempt = self.created
        self.last_error = None
        self.results = PersistentMapping()  # step -> saved result
        self.lease_owner = None
        self.lease_until = 0.0

    # a job is never merged: concurrent writes must conflict (claiming)

    def claimable(self, now=None):
        now = now or time.time()
        if self.state == PENDING:
            return self.next_attempt <= now
        if self.state == IN_PROGRESS:
            return self.lease_until < now  # lease expired: worker died
        return False

    def stuck(self, now=None):
        now = now or time.time()
        return self.state == IN_PROGRESS and self.lease_until < now

    def backoff(self):
        delay = setting("base_delay") * (2 ** max(self.attempts - 1, 0))
        return min(delay, setting("max_delay"))


class Shard(Persistent):
    """Jobs by id, job ids by idempotency key, open and failed job ids."""

    def __init__(self):
        self.jobs = OOBTree()
        self.by_key = OOBTree()
        self.open = OOTreeSet()
        self.failed = OOTreeSet()


class Outbox(Persistent):
    def __init__(self):
        self.shards = tuple(Shard() for _i in range(SHARDS))  # never rewritten
        self.last_digest = None

    def shard_of(self, job_id):
        """The shard of ``job_id``, or None for an id of no shard."""
        prefix = job_id.partition("-")[0] if isinstance(job_id, str) else ""
        return self.shards[int(prefix)] if prefix.isdigit() and int(prefix) < SHARDS else None

    def jobs(self):
        for shard in self.shards:
            yield from shard.jobs.values()

    def ids(self, name):
        """Ids in every shard's ``open`` or ``failed`` set."""
        for shard in self.shards:
            yield from getattr(shard, name)


def get_outbox(portal, create=True):
    return stored(portal, ATTR, Outbox if create else None)


def enqueue(portal, kind, target, key, data=None):
    """Add a job unless one with ``key`` exists; returns the job.

    Cheap and local: called in the citizen's transaction, it never contacts
    anything outside the database.
    """
    box = get_outbox(portal)
    shard = box.shards[shard_number(key)]
    existing = shard.by_key.get(key)
    if existing is not None:
        return shard.jobs[existing]
    job = Job(kind, target, key, data)
    shard.jobs[job.id] = job
    shard.by_key[key] = job.id
    shard.open.add(job.id)
    return job


def get_job(portal, job_id):
    box = get_outbox(portal, create=False)
    shard = box.shard_of(job_id) if box is not None else None
    return shard.jobs.get(job_id) if shard is not None else None


def job_for_key(portal, key):
    box = get_outbox(portal, create=False)
    if box is None:
        return None
    shard = box.shards[shard_number(key)]
    job_id = shard.by_key.get(key)
    return shard.jobs[job_id] if job_id is not None else None


def all_jobs(portal):
    box = get_outbox(portal, create=False)
    return list(box.jobs()) if box is not None else []


def open_job_ids(portal):
    box = get_outbox(portal, create=False)
    return list(box.ids("open")) if box is not None else []


def problem_jobs(portal):
    """Failed jobs and stuck ones (in progress with an expired lease)."""
    box = get_outbox(portal, create=False)
    if box is None:
        return []
    now = time.time()
    result = [get_job(portal, i) for i in box.ids("failed")]
    result += [j for j in (get_job(portal, i) for i in box.ids("open")) if j.stuck(now)]
    return sorted(result, key=lambda j: j.updated, reverse=True)


def mark_done(portal, job):
    """Only the job object is written (its lease owner is the only writer):
    the shared sets are brought in line by :func:`sync_sets` afterwards."""
    job.state = DONE
    job.updated = time.time()
    job.lease_owner, job.lease_until = None, 0.0


def sync_sets(portal, job):
    """Make the ``open``/``failed`` sets reflect ``job.state``."""
    box = get_outbox(portal).shard_of(job.id)
    is_open = job.state in (PENDING, IN_PROGRESS)
    if is_open and job.id not in box.open:
        box.open.add(job.id)
    if not is_open:
        _remove(box.open, job.id)
    if job.state == FAILED and job.id not in box.failed:
        box.failed.add(job.id)
    if job.state != FAILED:
        _remove(box.failed, job.id)


def _remove(treeset, key):
    if key in treeset:
        treeset.remove(key)


def mark_failed(portal, job, error, permanent=False):
    """Record a failed attempt: back off, or fail for good at the cap
    (job object only; see :func:`sync_sets`)."""
    job.last_error = str(error)[:2000] or type(error).__name__
    job.updated = time.time()
    job.lease_owner, job.lease_until = None, 0.0
    if permanent or job.attempts >= job.max_attempts:
        job.state = FAILED
    else:
        job.state = PENDING
        job.next_attempt = time.time() + job.backoff()


def retry(portal, job):
    """Administrator's retry: back to pending now, with a fresh attempt budget."""
    box = get_outbox(portal).shard_of(job.id)
    if job.state not in (FAILED, IN_PROGRESS, PENDING, CANCELLED):
        return False
    job.state = PENDING
    job.attempts = 0
    job.next_attempt = time.time()
    job.lease_owner, job.lease_until = None, 0.0
    job.updated = time.time()
    _remove(box.failed, job.id)
    box.open.add(job.id)
    return True


def cancel(portal, job):
    box = get_outbox(portal).shard_of(job.id)
    if job.state in (DONE, CANCELLED):
        return False
    job.state = CANCELLED
    job.updated = time.time()
    job.lease_owner, job.lease_until = None, 0.0
    _remove(box.failed, job.id)
    _remove(box.open, job.id)
    return True

"""The outbox: one persistent queue for every call that leaves the site.

Conflict strategy. Enqueueing happens in the citizen's transaction and must
never collide with other submissions or with the workers: each job is its own
persistent object, stored in BTrees keyed by random ids (``jobs``), by
idempotency key (``by_key``) and in a set of open job ids (``open``).
Concurrent inserts of distinct keys into a BTree bucket are resolved by
BTrees' conflict resolution, so submissions do not conflict with each other;
workers only write the job objects and remove ids from ``open``.

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


class Job(Persistent):
    def __init__(self, kind, target, key, data=None, max_attempts=None):
        self.id = secrets.token_hex(8)
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


class Outbox(Persistent):
    def __init__(self):
        self.jobs = OOBTree()
        self.by_key = OOBTree()
        self.open = OOTreeSet()
        self.failed = OOTreeSet()
        self.last_digest = None


def get_outbox(portal, create=True):
    return stored(portal, ATTR, Outbox if create else None)


def enqueue(portal, kind, target, key, data=None):
    """Add a job unless one with ``key`` exists; returns the job.

    Cheap and local: called in the citizen's transaction, it never contacts
    anything outside the database.
    """
    box = get_outbox(portal)
    existing = box.by_key.get(key)
    if existing is not None:
        return box.jobs[existing]
    job = Job(kind, target, key, data)
    box.jobs[job.id] = job
    box.by_key[key] = job.id
    box.open.add(job.id)
    return job


def get_job(portal, job_id):
    box = get_outbox(portal, create=False)
    return box.jobs.get(job_id) if box is not None else None


def job_for_key(portal, key):
    box = get_outbox(portal, create=False)
    if box is None or key not in box.by_key:
        return None
    return box.jobs[box.by_key[key]]


def open_job_ids(portal):
    box = get_outbox(portal, create=False)
    return list(box.open) if box is not None else []


def problem_jobs(portal):
    """Failed jobs and stuck ones (in progress with an expired lease)."""
    box = get_outbox(portal, create=False)
    if box is None:
        return []
    now = time.time()
    result = [box.jobs[i] for i in box.failed]
    result += [j for j in (box.jobs[i] for i in box.open) if j.stuck(now)]
    return sorted(result, key=lambda j: j.updated, reverse=True)


def mark_done(portal, job):
    """Only the job object is written (its lease owner is the only writer):
    the shared sets are brought in line by :func:`sync_sets` afterwards."""
    job.state = DONE
    job.updated = time.time()
    job.lease_owner, job.lease_until = None, 0.0


def sync_sets(portal, job):
    """Make the ``open``/``failed`` sets reflect ``job.state``."""
    box = get_outbox(portal)
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
    box = get_outbox(portal)
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
    box = get_outbox(portal)
    if job.state in (DONE, CANCELLED):
        return False
    job.state = CANCELLED
    job.updated = time.time()
    job.lease_owner, job.lease_until = None, 0.0
    _remove(box.failed, job.id)
    _remove(box.open, job.id)
    return True

"""The outbox worker: claims due jobs with a lease and runs their handlers.

Safe with several Zope instances and several workers on the same database:
a job is claimed in its own committed transaction (see
:mod:`comune.istanze.outbox.queue`); a worker that loses the race gets a
ConflictError on the claim and skips the job. After each saved step the
transaction is committed, so a worker that dies loses at most the step in
progress; the next worker resumes from the saved results.

Run it with ``zconsole run etc/zope.conf scripts/worker.py --site-id Plone``
(the script calls :func:`run`).
"""

from AccessControl.SecurityManagement import newSecurityManager
from AccessControl.SecurityManagement import noSecurityManager
from AccessControl.SpecialUsers import system
from comune.istanze.outbox import queue
from comune.istanze.persistence import retry_on_conflict
from comune.istanze.outbox.errors import PermanentError
from comune.istanze.outbox.interfaces import IJobHandler
from comune.istanze.outbox.interfaces import IScheduledJobs
from datetime import datetime
from zope.component import getUtilitiesFor
from zope.component import queryUtility
from zope.component.hooks import setSite
from ZODB.POSException import ConflictError

import logging
import os
import socket
import time
import transaction


logger = logging.getLogger("comune.istanze.outbox")
OUTAGE_PAUSE = 2


def worker_id():
    return f"{socket.gethostname()}:{os.getpid()}:{id(object())}"


class StepContext:
    """Given to handlers: ``save(step, value)`` stores and commits a step."""

    def __init__(self, portal, job):
        self.portal = portal
        self.job = job

    def save(self, step, value=True):
        self.job.results[step] = value
        self.job.updated = time.time()
        transaction.get().note(f"comune.istanze outbox: {self.job.kind} step {step}")
        transaction.commit()

    def done(self, step):
        return step in self.job.results


def find_target(portal, uid):
    if not uid:
        return None
    catalog = portal.portal_catalog
    brains = catalog.unrestrictedSearchResults(UID=uid)
    return brains[0]._unrestrictedGetObject() if brains else None


def claim(portal, job_id, owner, now=None):
    """Claim job ``job_id`` in its own transaction; the job, or None."""
    transaction.begin()
    job = queue.get_job(portal, job_id)
    now = now or time.time()
    if job is None or not job.claimable(now):
        transaction.abort()
        return None
    job.state = queue.IN_PROGRESS
    job.lease_owner = owner
    job.lease_until = now + queue.setting("lease_seconds")
    job.attempts += 1
    job.updated = now
    try:
        transaction.get().note(f"comune.istanze outbox: claim {job.kind} {job.id}")
        transaction.commit()
    except ConflictError:
        transaction.abort()
        return None
    return job


def process(portal, job_id, owner=None):
    """Claim and run one job. Returns the final state, or None if not claimed."""
    owner = owner or worker_id()
    job = claim(portal, job_id, owner)
    if job is None:
        return None
    handler = queryUtility(IJobHandler, name=job.kind)
    try:
        if handler is None:
            raise PermanentError(f"Tipo di job sconosciuto: {job.kind}")
        handler.run(job, find_target(portal, job.target), StepContext(portal, job))
        queue.mark_done(portal, job)
        transaction.commit()
        _sync_sets(portal, job_id)
        return queue.DONE
    except ConflictError as exc:
        return _record_failure(portal, job_id, exc, permanent=False)
    except PermanentError as exc:
        return _record_failure(portal, job_id, exc, permanent=True)
    except Exception as exc:
        logger.warning("outbox job %s (%s) failed: %s", job_id, job.kind, exc)
        return _record_failure(portal, job_id, exc, permanent=False)


def _record_failure(portal, job_id, exc, permanent):
    transaction.abort()
    transaction.begin()
    job = queue.get_job(portal, job_id)
    queue.mark_failed(portal, job, exc, permanent=permanent)
    state = job.state
    try:
        transaction.commit()
    except ConflictError:
        transaction.abort()  # lease expires; another pass records it
        return state
    _sync_sets(portal, job_id)
    return state


def _sync_sets(portal, job_id, attempts=10):
    """Update the shared open/failed sets in their own small transaction.

    Concurrent workers removing ids from the same bucket may conflict; the
    job's state is already committed, so only this step is retried. Until it
    succeeds a finished job merely stays listed as open (never claimable).
    """
    def attempt():
        transaction.begin()
        queue.sync_sets(portal, queue.get_job(portal, job_id))
        transaction.get().note("comune.istanze outbox: job sets")
        try:
            transaction.commit()
        except ConflictError:
            transaction.abort()
            raise

    done, _result = retry_on_conflict(attempt, attempts, pause=0.005)
    if not done:
        logger.warning("outbox: job %s left in the open set after conflicts", job_id)
    return done


def due_job_ids(portal, now=None):
    now = now or time.time()
    due = []
    for job_id in queue.open_job_ids(portal):
        job = queue.get_job(portal, job_id)
        if job is not None and job.claimable(now):
            due.append((job.next_attempt, job_id))
    return [job_id for _when, job_id in sorted(due)]


def run_once(portal, owner=None):
    """Process every job due now; returns {state: count}."""
    owner = owner or worker_id()
    transaction.begin()
    counts = {}
    for job_id in due_job_ids(portal):
        state = process(portal, job_id, owner)
        if state is not None:
            counts[state] = counts.get(state, 0) + 1
    return counts


def schedule_jobs(portal, now=None):
    """Let every periodic job (IScheduledJobs) enqueue itself if due; each in
    its own transaction, a conflict only delays it to the next loop."""
    now = now or datetime.now()
    enqueued = []
    for name, scheduler in getUtilitiesFor(IScheduledJobs):
        transaction.begin()
        try:
            job = scheduler.schedule(portal, now)
            transaction.get().note(f"comune.istanze outbox: schedule {name}")
            transaction.commit()
        except ConflictError:
            transaction.abort()
            continue
        except Exception as exc:  # a broken scheduler must not stop the worker
            transaction.abort()
            logger.warning("outbox: scheduling %s failed: %s", name, exc)
            continue
        if job is not None:
            enqueued.append(job)
    return enqueued


def run(app, site_id="Plone", once=False):
    """Entry point of ``scripts/worker.py``: loop over due jobs forever."""
    from comune.istanze.content.arrivals import settle_pending
    from comune.istanze.health.heartbeat import beat
    from comune.istanze.outbox.digest import maybe_send_digest
    from Testing.makerequest import makerequest

    app = makerequest(app)
    portal = app[site_id]
    setSite(portal)
    newSecurityManager(None, system)
    owner = worker_id()
    logger.info("outbox worker %s started on /%s", owner, site_id)

    def one_pass():
        settle_pending(portal)  # arrivals the request could not settle
        schedule_jobs(portal)
        counts = run_once(portal, owner)
        if counts:
            logger.info("outbox: %s", counts)
        maybe_send_digest(portal)
        beat(portal)
        return counts

    try:
        while True:
            counts, pause = survive(one_pass)
            if once:
                return counts
            time.sleep(pause)
            survive(app._p_jar.sync)
    finally:
        noSecurityManager()


def survive(work):
    """``(work(), pause before the next pass)``; a database that went away
    (PostgreSQL restarted, ZEO or the network down) or any other failure
    costs this pass only: the transaction is dropped, the worker waits
    :data:`OUTAGE_PAUSE` seconds and tries again (a job it had claimed is
    taken over when its lease expires). A worker that exits on the first
    lost connection would leave the whole outbox still until restarted."""
    try:
        return work(), queue.setting("poll_interval")
    except ConflictError:
        _abort()
        return {}, 0.1
    except Exception:  # noqa: BLE001 - see above; logged with its traceback
        logger.exception("outbox: pass failed (database unavailable?); retrying in %s s",
                         OUTAGE_PAUSE)
        _abort()
        return {}, OUTAGE_PAUSE


def _abort():
    try:
        transaction.abort()
    except Exception:  # noqa: BLE001 - the connection is gone; the next pass reconnects
        logger.warning("outbox: abort failed", exc_info=True)

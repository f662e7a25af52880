"""Arrivals: a new application is stored by a write that cannot conflict.

Conflict strategy (issue 15). At a bando deadline many citizens add
applications to the same type at once. Filing one into the type's container
(``_tree``, ``_mt_index``) and into the catalog (``data``, ``uids``,
``paths`` and one or two BTrees per index) inserts into some thirty shared
BTrees; every BTree insert also checks that the tree's inner nodes did not
change meanwhile (``readCurrent``), so a bucket split anywhere in any of them
fails every concurrent insert into that tree. With 32 clients, about one
submission in 400 met such a conflict four times in a row and ended as an
HTTP 500 after Zope's three retries.

So the citizen's transaction stores a new application in the type's
*arrivals*: one ``OOBucket`` (not a BTree: a bucket never splits and has no
inner node to read) keyed by the application's random id. Concurrent inserts
of distinct keys into a bucket are merged by BTrees' conflict resolution, and
so is an insert next to the removal of another key. A bucket whose committed
state is empty cannot be merged ("Empty bucket"), so it always keeps the
:data:`SENTINEL` key. The application is reachable at its usual URL
``<type>/<id>`` at once (:class:`~.application_type.ApplicationType` looks
its arrivals up after ``_tree``) and it has its number (allocated in its own
tiny transaction, :mod:`comune.istanze.numbering.sequence`): acknowledged
means stored.

*Settling* moves it from the arrivals into the container's ``_tree`` and
catalogs it, in a follow-up transaction that can no longer fail the
citizen's request: after the request's commit (``IPubSuccess``, same thread
and connection, before the answer leaves), retried on conflict with
jittered pauses. If it still cannot commit, the application stays in the
arrivals, safe and reachable, and the outbox worker settles it on its next
loop (:func:`settle_pending`). Until then it is missing from catalog
listings, never from the database. While an application is arriving it is
not catalogued at all (:class:`~.application.Application` skips indexing),
so the request writes no catalog structure either.

Outside a published request (scripts, the worker, tests calling the code
directly) or on a type without arrivals (created before this existed and
not yet upgraded) the application is filed and catalogued at once, in the
same transaction, as before.
"""

from Acquisition import aq_base
from BTrees.OOBTree import OOBucket
from comune.istanze.persistence import retry_on_conflict
from comune.istanze.persistence import stored
from OFS.event import ObjectWillBeAddedEvent
from ZODB.POSException import ConflictError
from zope.event import notify
from zope.globalrequest import getRequest
from zope.interface import alsoProvides
from zope.interface import Interface
from zope.lifecycleevent import ObjectAddedEvent

import logging
import threading
import time
import transaction


logger = logging.getLogger(__name__)

ATTR = "_arrivals"
SENTINEL = ""  # never an application id: keeps the bucket mergeable
SETTLE_TRIES = 40
SETTLE_PAUSE = 0.01
_REQUEST_KEY = "_comune_istanze_arrivals"


class IPublishedRequest(Interface):
    """A request ZPublisher is publishing: it commits, then fires IPubSuccess."""


def new_arrivals():
    bucket = OOBucket()
    bucket[SENTINEL] = None
    return bucket


def ensure_arrivals(type_obj):
    """Give ``type_obj`` its arrivals (the editor's transaction: publication,
    upgrade step), never on the hot path."""
    return stored(type_obj, ATTR, new_arrivals)


def arrivals_of(type_obj):
    return getattr(aq_base(type_obj), ATTR, None)


def arriving(type_obj, app_id):
    """True while ``app_id`` is stored in the arrivals of ``type_obj``."""
    bucket = arrivals_of(type_obj)
    return bool(app_id) and bucket is not None and app_id in bucket


def mark_published(event):
    """``IPubStart``: this request will commit and then fire IPubSuccess."""
    alsoProvides(event.request, IPublishedRequest)


def add(type_obj, app):
    """Add the new application ``app`` to ``type_obj``: into its arrivals
    inside a published request, else into the container at once. Fires the
    add events, not IContainerModifiedEvent (it would write the type)."""
    request = getRequest()
    bucket = arrivals_of(type_obj)
    notify(ObjectWillBeAddedEvent(app, type_obj, app.id))
    if bucket is None or not IPublishedRequest.providedBy(request):
        type_obj._setObject(app.id, app, suppress_events=True)
    else:
        if app.id in type_obj:
            raise KeyError(app.id)
        bucket[app.id] = app
        _request_holds_arrival(request).append((type_obj, app.id))
        type_obj._getOb(app.id).manage_fixupOwnershipAfterAdd()
    added = type_obj[app.id]
    notify(ObjectAddedEvent(added, type_obj, app.id))
    return added


def settle(type_obj, app_id):
    """Move ``app_id`` from the arrivals into the container and catalog it.
    False when it is not arriving (settled already, or never committed)."""
    bucket = arrivals_of(type_obj)
    if bucket is None or app_id == SENTINEL or app_id not in bucket:
        return False
    app = bucket[app_id]
    del bucket[app_id]
    type_obj._setOb(app_id, app)
    type_obj._getOb(app_id).indexObject()
    return True


def _settle_in_own_transaction(type_obj, app_ids):
    """Settle ``[(type path, app id)]`` in one transaction (``type_obj``
    anchors this thread's connection), retried on conflict. True when
    committed; else they stay arriving and the worker settles them."""
    def attempt():
        transaction.begin()
        try:
            done = [settle(type_obj.unrestrictedTraverse(path), app_id)
                    for path, app_id in app_ids]
            transaction.get().note("comune.istanze: settle arrivals")
            transaction.commit()
            return done
        except ConflictError:
            transaction.abort()
            raise

    try:
        ok, _done = retry_on_conflict(attempt, SETTLE_TRIES, SETTLE_PAUSE)
    except Exception:  # never fail the citizen's answer: the worker retries
        transaction.abort()
        logger.exception("arrivals %s not settled: the worker will retry", app_ids)
        return False
    if not ok:
        logger.warning("arrivals %s not settled after %d conflicts: the worker will retry",
                       app_ids, SETTLE_TRIES)
    return ok


# Group settling, per process: the requests of one process settle one at a
# time, and the one settling takes every arrival this process's requests have
# committed meanwhile, so N citizens finishing together cost one settling
# transaction, not N of them conflicting in the catalog with each other. A
# request whose arrival another request settled answers as soon as that
# transaction is committed (it waited for the lock).
#
# Before settling, the request waits (at most SETTLE_WINDOW seconds) for the
# other submissions this process has in flight (arrival stored, not yet
# committed) to commit, so that one settling transaction files them all.
# A settling transaction writes some 140 objects (catalog buckets, tree sets,
# index lengths), nearly the same for one application as for two; on
# RelStorage each of them is also reloaded by every other process. Pairing
# the two threads of a process halves those writes; the waiting thread costs
# no CPU, and the request it waited for answers at once (already settled).
SETTLE_WINDOW = 0.05
_settling = threading.Lock()
_queue_lock = threading.Lock()
_queue = []
_in_flight = threading.Condition()
_arriving_requests = [0]  # published requests holding an uncommitted arrival


def _request_holds_arrival(request):
    """Count ``request`` as in flight, once, from its first arrival."""
    if _REQUEST_KEY not in request.other:
        with _in_flight:
            _arriving_requests[0] += 1
        request.other[_REQUEST_KEY] = []
    return request.other[_REQUEST_KEY]


def _request_done(request):
    """The request committed or failed: no longer in flight. Returns its
    arrivals (committed only if it succeeded)."""
    pending = request.other.pop(_REQUEST_KEY, None)
    if pending is not None:
        with _in_flight:
            _arriving_requests[0] = max(0, _arriving_requests[0] - 1)
            _in_flight.notify_all()
    return pending


def _wait_for_others(window):
    """Wait until no other submission of this process is in flight, at most
    ``window`` seconds."""
    deadline = time.monotonic() + window
    with _in_flight:
        while _arriving_requests[0] > 0:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return
            _in_flight.wait(remaining)


def forget_failed_publication(event):
    """``IPubFailure``: the request's transaction was aborted (ZPublisher may
    retry it as a new request): nothing of it is arriving."""
    _request_done(event.request)


def settle_after_publication(event):
    """``IPubSuccess``: the citizen's transaction is committed; settle what
    it stored (nothing if it was aborted: then nothing is arriving)."""
    pending = _request_done(event.request)
    if not pending:
        return
    with _queue_lock:
        _queue.extend((tuple(t.getPhysicalPath()), app_id) for t, app_id in pending)
    with _settling:
        with _queue_lock:
            mine = bool(_queue)
        if mine and SETTLE_WINDOW:
            _wait_for_others(SETTLE_WINDOW)
        with _queue_lock:
            batch = _queue[:]
            del _queue[:]
        if batch:
            _settle_in_own_transaction(pending[0][0], batch)


def pending_arrivals(portal):
    """``[(type_obj, app_id)]`` still arriving in every application type."""
    from comune.istanze.interfaces import IApplicationType
    from plone import api

    catalog = api.portal.get_tool("portal_catalog")
    result = []
    for brain in catalog.unrestrictedSearchResults(object_provides=IApplicationType.__identifier__):
        type_obj = brain._unrestrictedGetObject()
        bucket = arrivals_of(type_obj)
        if bucket is not None and len(bucket) > 1:
            result.extend((type_obj, key) for key in bucket.keys() if key != SENTINEL)
    return result


def settle_pending(portal):
    """Settle every arrival left behind (the outbox worker's loop); each in
    its own transaction. Returns how many were settled."""
    transaction.begin()
    settled = 0
    for type_obj, app_id in pending_arrivals(portal):
        settled += bool(_settle_in_own_transaction(
            type_obj, [(tuple(type_obj.getPhysicalPath()), app_id)]))
    return settled

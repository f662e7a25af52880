"""The events of one application and their delivery chains, on the application.

Conflict strategy. Everything lives in a :class:`WebhookLog` stored on the
application itself (a private attribute): events are numbered by the log's
own sequence (``next_seq``), which only changes of *this* application
write, so no counter is shared between applications and the hot path of a
deadline (many submissions at once) never meets here.

Order per application. For each endpoint the log keeps a :class:`Chain`:
the sequence numbers of the events still to deliver to it, in order. Only
the first one has a delivery job in the outbox; the job, once the receiver
has answered 2xx, removes it and enqueues the next (``advance``). A
receiver that is down holds its chain: the first job retries with the
outbox's backoff (and, after the last attempt, is listed as failed until
someone replays it); the later events wait, none is lost, and they leave in
order once it is back. The publisher (a request) and the worker (a
delivery) both *write* the Chain object they share, so when they meet ZODB
makes one of them retry: an event can never be appended to a chain whose
head the worker is removing without one of them seeing the other.
"""

from BTrees.IOBTree import IOBTree
from BTrees.OOBTree import OOBTree
from comune.istanze.outbox.queue import enqueue
from comune.istanze.persistence import stored
from comune.istanze.webhooks.endpoints import subscribers
from comune.istanze.webhooks.events import cloudevent
from comune.istanze.webhooks.events import event_id
from persistent import Persistent
from plone import api

import time


ATTR = "_comune_istanze_webhooks"
JOB_KIND = "webhooks.delivery"


class Chain(Persistent):
    """Sequence numbers of the events still to deliver to one endpoint."""

    def __init__(self):
        self.pending = ()


class WebhookLog(Persistent):
    def __init__(self, base=""):
        self.base = base  # the site URL when the first event was published
        self.next_seq = 1
        self.events = IOBTree()  # seq -> event record (a dict, never changed)
        self.ids = OOBTree()  # CloudEvent id -> seq
        self.chains = OOBTree()  # endpoint id -> Chain
        self.replays = OOBTree()  # "seq:endpoint" -> tuple of job keys


def get_log(app):
    return stored(app, ATTR)


def delivery_key(event_id_, endpoint_id):
    return f"webhook:{event_id_}:{endpoint_id}"


def _enqueue(app, record, endpoint_id, key=None, replay=False):
    data = {"seq": record["seq"], "event": record["id"], "endpoint": endpoint_id,
            "kind": record["kind"],
            "type_id": record["ce"]["data"]["type_id"], "replay": replay}
    return enqueue(api.portal.get(), JOB_KIND, app.UID(),
                   key or delivery_key(record["id"], endpoint_id), data)


def publish(app, kind, change, when=None, extra=None):
    """Record the event ``kind`` of ``app`` for the change ``change`` and
    queue its deliveries; the same change twice is recorded once. Returns
    the event record, or None when no endpoint of the type wants ``kind``
    (then nothing is written)."""
    log = get_log(app)
    eid = event_id(app.UID(), kind, change)
    if log is not None and eid in log.ids:
        return log.events[log.ids[eid]]
    endpoints = subscribers(app.application_type(), kind)
    if not endpoints:
        return None
    if log is None:
        log = stored(app, ATTR, lambda: WebhookLog(api.portal.get().absolute_url()))
    seq = log.next_seq
    log.next_seq = seq + 1
    record = {"seq": seq, "kind": kind, "id": eid, "published": time.time(),
              "ce": cloudevent(app, kind, change, when, log.base, extra),
              "endpoints": tuple(e.id for e in endpoints)}
    log.events[seq] = record
    log.ids[eid] = seq
    for endpoint in endpoints:
        chain = log.chains.get(endpoint.id)
        if chain is None:
            chain = log.chains[endpoint.id] = Chain()
        chain.pending = chain.pending + (seq,)
        if len(chain.pending) == 1:
            _enqueue(app, record, endpoint.id)
    return record


def advance(app, seq, endpoint_id):
    """Event ``seq`` reached ``endpoint_id``: queue the next one of its chain."""
    log = get_log(app)
    chain = log.chains.get(endpoint_id) if log is not None else None
    if chain is None or not chain.pending or chain.pending[0] != seq:
        return None
    chain.pending = chain.pending[1:]
    if chain.pending:
        return _enqueue(app, log.events[chain.pending[0]], endpoint_id)
    return None


def waiting(app, seq, endpoint_id):
    """Is event ``seq`` queued behind earlier events for ``endpoint_id``?"""
    log = get_log(app)
    chain = log.chains.get(endpoint_id) if log is not None else None
    return chain is not None and seq in chain.pending[1:]


def events_of(app):
    log = get_log(app)
    return list(log.events.values()) if log is not None else []


def find_event(app, eid):
    log = get_log(app)
    if log is None or not isinstance(eid, str) or eid not in log.ids:
        return None
    return log.events[log.ids[eid]]


def replay_keys(app, seq, endpoint_id):
    log = get_log(app)
    return log.replays.get(f"{seq}:{endpoint_id}", ()) if log is not None else ()


def enqueue_replay(app, record, endpoint_id):
    """A new delivery of an already delivered event (same CloudEvent id)."""
    log = get_log(app)
    slot = f"{record['seq']}:{endpoint_id}"
    keys = log.replays.get(slot, ())
    key = f"{delivery_key(record['id'], endpoint_id)}:replay:{len(keys) + 1}"
    log.replays[slot] = keys + (key,)
    return _enqueue(app, record, endpoint_id, key=key, replay=True)

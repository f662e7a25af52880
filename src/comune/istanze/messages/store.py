"""Storage and API of messages (see the package docstring)."""

from comune.istanze.persistence import stored
from BTrees.OOBTree import OOBTree
from datetime import datetime
from persistent import Persistent
from persistent.mapping import PersistentMapping

import secrets


KINDS = ("communication", "integration_request", "integration_reply", "decision")


class Message(Persistent):
    late = False  # an integration reply sent after the request's deadline
    payment = None  # a payment notice: the id of its payment (pagoPA storage)
    deliveries = None  # channel -> {status, address, detail, at, job} (see channels)

    def __init__(self, kind, subject, body, sender, direction="out", deadline=None,
                 documents=(), key=None):
        self.id = secrets.token_hex(6)
        self.kind = kind
        self.subject = subject
        self.body = body
        self.sender = sender
        self.direction = direction  # "out": to the citizen, "in": from the citizen
        self.deadline = deadline
        self.documents = tuple(documents)  # ids in the application's documents store
        self.key = key
        self.created = datetime.now()
        self.read = None  # when the recipient read it

    @property
    def unread(self):
        return self.read is None


def _store(app, create=True):
    return stored(app, "_messages", OOBTree if create else None)


def messages_of(app, direction=None):
    store = _store(app, create=False)
    if not store:
        return []
    msgs = [m for m in store.values() if direction is None or m.direction == direction]
    return sorted(msgs, key=lambda m: m.created)


def find_by_key(app, key):
    if not key:
        return None
    for msg in messages_of(app):
        if msg.key == key:
            return msg
    return None


def add_message(app, kind, subject, body, sender, direction="out", deadline=None,
                documents=(), key=None):
    """Store a message; with ``key``, at most once. Returns (message, created)."""
    if kind not in KINDS:
        raise ValueError(kind)
    existing = find_by_key(app, key)
    if existing is not None:
        return existing, False
    msg = Message(kind, subject, body, sender, direction, deadline, documents, key)
    _store(app)[msg.id] = msg
    return msg, True


def get_message(app, msg_id):
    store = _store(app, create=False)
    return store.get(msg_id) if store else None


def mark_read(app, msg_id):
    msg = get_message(app, msg_id)
    if msg is not None and msg.read is None:
        msg.read = datetime.now()
    return msg


def unread_count(app):
    return sum(1 for m in messages_of(app, "out") if m.unread)


def record_delivery(msg, channel, status, address=None, detail=None, job=None):
    """What happened to ``msg`` on ``channel``; earlier address/job are kept.

    Each channel's record is its own persistent mapping, updated in place: the
    jobs of two channels reporting on the same message at the same time write
    different objects and never conflict (a conflict would retry a job whose
    email already left)."""
    if msg.deliveries is None:
        msg.deliveries = PersistentMapping()
    record = msg.deliveries.get(channel)
    if record is None:
        record = msg.deliveries[channel] = PersistentMapping(address="", job="")
    record.update(status=status, detail=str(detail or ""), at=datetime.now())
    if address is not None:
        record["address"] = address
    if job is not None:
        record["job"] = job
    return record


def delivery_update(app, msg_id, channel, status, detail=None, address=None):
    """An outbox job reports on ``msg_id`` of ``app`` (None: message gone)."""
    msg = get_message(app, msg_id) if app is not None and msg_id else None
    if msg is None:
        return None
    return record_delivery(msg, channel, status, address=address, detail=detail)

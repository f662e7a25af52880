"""The dispatch of one message to the channels its type chose."""

from comune.istanze import _
from comune.istanze.channels.interfaces import DEFAULT_CHANNELS
from comune.istanze.channels.interfaces import IChannel
from comune.istanze.channels.interfaces import IMessageChannels
from comune.istanze.channels.interfaces import QUEUED
from comune.istanze.channels.interfaces import UNAVAILABLE
from comune.istanze.messages.store import record_delivery
from zope.component import getUtilitiesFor
from zope.component import queryUtility


NOT_ACTIVE = _("Canale non attivo presso il Comune.")
NOT_POSSIBLE = _("Canale non utilizzabile per questo destinatario.")


def message_kind(message):
    """The kind whose channels apply: a communication with a payment is a
    payment notice (a decision that also asks a fee stays a decision)."""
    return "payment_notice" if message.payment and message.kind == "communication" \
        else message.kind


def chosen_channels(type_obj, kind):
    """The channel names ``type_obj`` chose for ``kind`` (default: email)."""
    choice = IMessageChannels(type_obj, None) if type_obj is not None else None
    value = getattr(choice, f"channels_{kind}", None) if choice is not None else None
    if value is None:
        return list(DEFAULT_CHANNELS)
    return [name for name in value if name]


def channels():
    """(name, channel) of every registered channel, email first."""
    order = {"email": 0, "appio": 1, "pec": 2}
    return sorted(getUtilitiesFor(IChannel), key=lambda item: (order.get(item[0], 9), item[0]))


def dispatch(app, message, key=None):
    """Queue ``message`` of ``app`` on each chosen channel; returns the
    deliveries (channel -> record). ``key``: the caller's idempotency key
    (the email channel uses it as it is, so keys stay those of before)."""
    for name in chosen_channels(app.application_type(), message_kind(message)):
        if message.deliveries and name in message.deliveries:
            continue  # dispatched already (a repeated call)
        channel = queryUtility(IChannel, name=name)
        if channel is None or not channel.configured():
            record_delivery(message, name, UNAVAILABLE, detail=NOT_ACTIVE)
            continue
        job = channel.queue(app, message, key)
        if job is not None:
            record_delivery(message, name, QUEUED, job=job.id)
        elif not (message.deliveries and name in message.deliveries):
            record_delivery(message, name, UNAVAILABLE, detail=NOT_POSSIBLE)
    return message.deliveries or {}


def delivered_by(message, name):
    """True when ``message`` was really queued (or sent) on channel ``name``."""
    record = (message.deliveries or {}).get(name)
    return bool(record) and record["status"] != UNAVAILABLE

"""What the personal area says about a message's channels: only what happened.

A delivery still "queued" whose outbox job failed for good (or was cancelled)
reads "non riuscito"; one whose job is done reads "inviato" even if the job
could not write it. Once a job recorded "sent", a later failure (e.g. of a
status check) does not unsay it.
"""

from comune.istanze import _
from comune.istanze.channels.interfaces import DELIVERED
from comune.istanze.channels.interfaces import FAILED
from comune.istanze.channels.interfaces import IChannel
from comune.istanze.channels.interfaces import QUEUED
from comune.istanze.channels.interfaces import SENT
from comune.istanze.channels.interfaces import STATUS_TITLES
from comune.istanze.outbox import queue
from plone import api
from zope.component import queryUtility


ORDER = {"email": 0, "appio": 1, "pec": 2}


def effective_status(record):
    status = record.get("status")
    if status != QUEUED or not record.get("job"):
        return status
    job = queue.get_job(api.portal.get(), record["job"])
    if job is None:
        return status
    if job.state in (queue.FAILED, queue.CANCELLED):
        return FAILED
    if job.state == queue.DONE:
        return SENT
    return status


def channel_title(name):
    channel = queryUtility(IChannel, name=name)
    return channel.title if channel is not None else name


def delivery_rows(message):
    """One dict per channel the message was handed to (the caller translates)."""
    rows = []
    for name, record in sorted((message.deliveries or {}).items(),
                               key=lambda item: (ORDER.get(item[0], 9), item[0])):
        status = effective_status(record)
        at = record.get("at")
        rows.append({
            "channel": name,
            "channel_title": channel_title(name),
            "status": status,
            "status_title": STATUS_TITLES.get(status, status),
            "address": record.get("address") or "",
            # the known details are msgids (the rest, e.g. a status code, read as stored)
            "detail": _(record["detail"]) if record.get("detail") else "",
            "at": at.isoformat() if at else None,
            "reached": status in (SENT, DELIVERED),
        })
    return rows

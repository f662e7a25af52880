"""What the staff pages and the REST services show of a type's deliveries.

The type's page lists the deliveries still open or failed, read from the
outbox's own sets of open and failed job ids (never every application);
the application's page lists all its events (``delivery.event_info``).
"""

from comune.istanze.outbox import queue
from comune.istanze.webhooks.delivery import job_status
from comune.istanze.webhooks.delivery import STATUS_TITLES
from comune.istanze.webhooks.endpoints import endpoints_of
from comune.istanze.webhooks.events import KINDS
from comune.istanze.webhooks.events import TYPE_PREFIX
from comune.istanze.webhooks.log import JOB_KIND
from plone import api


def open_deliveries(type_obj, limit=500):
    """The type's deliveries not (yet) done: failed first, then the oldest."""
    portal = api.portal.get()
    box = queue.get_outbox(portal, create=False)
    if box is None:
        return []
    titles = {e.id: e.title for e in endpoints_of(type_obj)}
    jobs = []
    for name in ("failed", "open"):
        for job_id in box.ids(name):
            job = queue.get_job(portal, job_id)
            if (job is not None and job.kind == JOB_KIND and job.state != queue.DONE
                    and job.data.get("type_id") == type_obj.getId()):
                jobs.append(job)
    jobs.sort(key=lambda j: (j.state != queue.FAILED, j.created))
    numbers = _numbers({j.target for j in jobs[:limit]})
    return [_row(job, numbers, titles) for job in jobs[:limit]]


def _numbers(uids):
    """UID -> (number, URL), from catalog metadata (no application wakes up)."""
    if not uids:
        return {}
    catalog = api.portal.get_tool("portal_catalog")
    return {b.UID: (b.application_number, b.getURL()) for b in
            catalog.unrestrictedSearchResults(UID=list(uids))}


def _row(job, numbers, titles):
    title, url = numbers.get(job.target, ("—", None))
    kind = job.data.get("kind", "")
    row = job_status(job)
    row.update({
        "application": url,
        "application_title": title,
        "subject": job.target,
        "event": job.data.get("event"),
        "type": TYPE_PREFIX + kind,
        "kind_title": api.portal.translate(KINDS[kind]) if kind in KINDS else kind,
        "endpoint": job.data.get("endpoint"),
        "endpoint_title": titles.get(job.data.get("endpoint"), job.data.get("endpoint")),
        "replay": bool(job.data.get("replay")),
        "status_title": api.portal.translate(STATUS_TITLES.get(job.state, job.state)),
    })
    return row

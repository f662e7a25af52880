"""Delivery of the events: one outbox job per (event, endpoint).

The job (kind ``webhooks.delivery``, idempotency key ``webhook:<event
id>:<endpoint id>``) POSTs the CloudEvent, signed, to the endpoint. Any
answer but 2xx, a timeout or a refused connection is a failed attempt,
retried with the outbox's backoff; after the last attempt the job is
failed, listed in the outbox control panel, the daily digest and the
events page, and waits for a replay. Delivery is at least once: when the
answer is lost the event is sent again with the same id (the receiver
deduplicates on it). A successful delivery moves the application's chain
for that endpoint on (``log.advance``) in the same transaction that saves it.
"""

from comune.istanze import _
from comune.istanze.backoffice import audit
from comune.istanze.outbox import queue
from comune.istanze.outbox.errors import PermanentError
from comune.istanze.outbox.interfaces import IJobHandler
from comune.istanze.webhooks import log as wlog
from comune.istanze.webhooks import signing
from comune.istanze.webhooks.endpoints import get_endpoint
from comune.istanze.webhooks.endpoints import setting
from comune.istanze.webhooks.events import KINDS
from comune.istanze.workflow.errors import ApplicationError
from comune.istanze.workflow.errors import NotAllowed
from datetime import datetime
from plone import api
from zope.interface import implementer

import json
import requests
import time


CONTENT_TYPE = "application/cloudevents+json; charset=utf-8"


class DeliveryFailed(Exception):
    """The receiver did not take the event (retried)."""


def body_of(cloudevent):
    return json.dumps(cloudevent, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def send(endpoint, cloudevent, now=None):
    """POST ``cloudevent`` to ``endpoint``; the HTTP status, or DeliveryFailed."""
    body = body_of(cloudevent)
    timestamp = int(now or time.time())
    headers = {"Content-Type": CONTENT_TYPE, "User-Agent": "comune.istanze-webhooks/1"}
    headers.update(signing.headers(endpoint.mode, endpoint.secret, endpoint.id,
                                   cloudevent["id"], timestamp, body))
    try:
        response = requests.post(endpoint.url, data=body, headers=headers,
                                 timeout=setting("timeout"), allow_redirects=False)
    except requests.Timeout as exc:
        raise DeliveryFailed(f"Nessuna risposta entro {setting('timeout')} s") from exc
    except requests.RequestException as exc:
        raise DeliveryFailed(f"Connessione non riuscita: {type(exc).__name__}") from exc
    if not 200 <= response.status_code < 300:
        raise DeliveryFailed(f"Il destinatario ha risposto HTTP {response.status_code}")
    return response.status_code


@implementer(IJobHandler)
class Delivery:
    title = "Evento a un sistema del Comune (webhook)"

    def run(self, job, app, ctx):
        if app is None:
            raise PermanentError("L'istanza non esiste più.")
        record = wlog.find_event(app, job.data["event"])
        if record is None:
            raise PermanentError("Evento non trovato nel registro dell'istanza.")
        endpoint = get_endpoint(app.application_type(), job.data["endpoint"])
        if endpoint is None:
            raise PermanentError("Il sistema destinatario non esiste più.")
        if not endpoint.enabled:
            raise DeliveryFailed("Sistema destinatario disattivato.")
        if ctx.done("sent"):
            return
        status = send(endpoint, record["ce"])
        if not job.data.get("replay"):
            wlog.advance(app, record["seq"], endpoint.id)
        ctx.save("sent", {"status": status, "at": time.time()})


def _when(timestamp):
    return datetime.fromtimestamp(timestamp).isoformat(timespec="seconds") if timestamp else None


STATUS_TITLES = {
    "waiting": _("In attesa degli eventi precedenti"),
    queue.PENDING: _("In attesa"),
    queue.IN_PROGRESS: _("In corso"),
    queue.DONE: _("Consegnato"),
    queue.FAILED: _("Fallito"),
    queue.CANCELLED: _("Annullato"),
}


def job_status(job):
    return {
        "status": job.state,
        "attempts": job.attempts,
        "last_error": job.last_error,
        "updated": _when(job.updated),
        "next_attempt": _when(job.next_attempt) if job.state == queue.PENDING else None,
        "job": job.id,
    }


def delivery_info(app, record, endpoint_id, endpoint=None):
    portal = api.portal.get()
    job = queue.job_for_key(portal, wlog.delivery_key(record["id"], endpoint_id))
    info = {"endpoint": endpoint_id, "endpoint_title": getattr(endpoint, "title", endpoint_id)}
    if job is not None:
        info.update(job_status(job))
    else:
        info.update({"status": "waiting" if wlog.waiting(app, record["seq"], endpoint_id)
                     else "unknown", "attempts": 0, "last_error": None, "updated": None,
                     "next_attempt": None, "job": None})
    replays = [queue.job_for_key(portal, key) for key in
               wlog.replay_keys(app, record["seq"], endpoint_id)]
    info["replays"] = [job_status(j) for j in replays if j is not None]
    info["status_title"] = api.portal.translate(STATUS_TITLES.get(info["status"], info["status"]))
    return info


def local_text(utc_text):
    """«30/11/2026 01:07:25» (the server's time zone) of an RFC 3339 UTC text."""
    when = datetime.fromisoformat(utc_text.replace("Z", "+00:00"))
    return when.astimezone().strftime("%d/%m/%Y %H:%M:%S")


def event_info(app, record):
    type_obj = app.application_type()
    return {
        "id": record["id"],
        "seq": record["seq"],
        "kind": record["kind"],
        "type": record["ce"]["type"],
        "time": record["ce"]["time"],
        "when": local_text(record["ce"]["time"]),
        "kind_title": api.portal.translate(KINDS[record["kind"]]),
        "subject": record["ce"]["subject"],
        "number": app.number,
        "application": app.absolute_url(),
        "cloudevent": record["ce"],
        "deliveries": [delivery_info(app, record, e, get_endpoint(type_obj, e))
                       for e in record["endpoints"]],
    }


def replay(app, eid, endpoint_id):
    """Deliver event ``eid`` of ``app`` to ``endpoint_id`` again, same id.

    A failed or cancelled delivery is put back in the queue (its chain goes
    on when it succeeds); a delivered one gets a new job. Returns an Italian
    message; refuses (ApplicationError) what cannot be replayed."""
    record = wlog.find_event(app, eid)
    if record is None:
        raise ApplicationError(_("Evento non trovato."), field="event")
    if endpoint_id not in record["endpoints"]:
        raise ApplicationError(_("Il sistema destinatario non riceve questo evento."),
                               field="endpoint")
    endpoint = get_endpoint(app.application_type(), endpoint_id)
    if endpoint is None:
        raise ApplicationError(_("Il sistema destinatario non esiste più."), field="endpoint")
    portal = api.portal.get()
    job = queue.job_for_key(portal, wlog.delivery_key(eid, endpoint_id))
    if job is None:
        raise NotAllowed(_("L'evento attende la consegna degli eventi precedenti: "
                           "partirà dopo di loro."))
    if job.state in (queue.PENDING, queue.IN_PROGRESS):
        raise NotAllowed(_("La consegna di questo evento è già in corso."))
    if job.state == queue.DONE:
        job = wlog.enqueue_replay(app, record, endpoint_id)
        message = _("Evento rimesso in coda: sarà consegnato di nuovo con lo stesso id.")
    else:
        queue.retry(portal, job)
        message = _("Consegna rimessa in coda: gli eventi successivi partiranno dopo di essa.")
    audit.record(app, "webhook_replay",
                 f"{record['ce']['type']} {eid} → {endpoint.title}")
    return message, job

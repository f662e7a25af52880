"""Daily digest email of failed outbox jobs to the administrator."""

from comune.istanze.outbox import queue
from datetime import date
from datetime import datetime
from email.message import EmailMessage
from plone import api

import transaction


def digest_text(jobs):
    lines = [
        "Riepilogo giornaliero dei job non riusciti (comunicazioni verso sistemi esterni).",
        "",
    ]
    for job in jobs:
        when = datetime.fromtimestamp(job.updated).strftime("%d/%m/%Y %H:%M")
        state = queue.STATE_TITLES.get(job.state, job.state)
        lines.append(f"- [{state}] {job.kind} (tentativi {job.attempts}) {when}")
        lines.append(f"  chiave: {job.key}")
        lines.append(f"  errore: {job.last_error or '—'}")
    lines += ["", "Si possono ritentare o annullare dal pannello @@outbox-controlpanel."]
    return "\n".join(lines)


def send_digest(portal):
    """Send the digest if there are problem jobs; returns the number listed."""
    jobs = queue.problem_jobs(portal)
    if not jobs:
        return 0
    site_email = api.portal.get_registry_record("plone.email_from_address", default=None)
    recipient = queue.setting("digest_recipient") or site_email
    sender = site_email or recipient
    if not recipient:
        return 0
    msg = EmailMessage()
    msg["Subject"] = f"[{portal.Title()}] {len(jobs)} job in errore nella coda di uscita"
    msg["From"] = sender
    msg["To"] = recipient
    msg.set_content(digest_text(jobs))
    portal.MailHost.send(msg, immediate=False)
    return len(jobs)


def maybe_send_digest(portal, today=None):
    """Once a day (called by the worker loop): send and remember the day."""
    today = today or date.today()
    transaction.begin()
    box = queue.get_outbox(portal, create=False)
    if box is None or box.last_digest == today:
        transaction.abort()
        return None
    count = send_digest(portal)
    box.last_digest = today
    transaction.get().note("comune.istanze outbox: daily digest")
    transaction.commit()
    return count

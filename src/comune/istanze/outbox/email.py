"""Emails leave through the outbox, never inside the citizen's transaction.

A mail server that is down or slow must not fail or block a submission or a
staff action: :func:`queue_email` only adds a job (kind ``email``) in the
current transaction; the worker sends it with MailHost and retries with
backoff when the server refuses. The idempotency ``key`` makes a retried
request (or a repeated action) send one email, not two.

A worker that dies after the mail server accepted an email and before the
job recorded it sends it again when the job is resumed (SMTP has no way to
ask whether a message arrived): that second copy carries the same
``Message-ID`` (:func:`message_id`, made from the job's key), so the
recipient's mailbox recognises it as the same email. The job records
``sent`` in its own commit right after the server's answer, so the window
is that one commit.
"""

from comune.istanze import _
from comune.istanze.messages.store import delivery_update
from comune.istanze.outbox.errors import PermanentError
from comune.istanze.outbox.queue import enqueue
from email.message import EmailMessage
from email.utils import formataddr
from email.utils import parseaddr
from plone import api

import hashlib
import logging


logger = logging.getLogger(__name__)
JOB_KIND = "email"


def queue_email(recipient, subject, body, key=None, target="", message=None):
    """Enqueue an email; returns the job (or None without sender/recipient).
    ``message``: the id of the message of ``target`` it carries (the job
    records on it that the email left)."""
    if not recipient:
        return None
    if not api.portal.get_registry_record("plone.email_from_address", default=None):
        logger.warning("No site email sender configured: email to %s not queued", recipient)
        return None
    key = key or "email:" + hashlib.sha256(f"{recipient}\n{subject}\n{body}".encode()).hexdigest()
    data = {"to": recipient, "subject": subject, "body": body}
    if message:
        data["message"] = message
    return enqueue(api.portal.get(), JOB_KIND, target, key, data)


def build_message(to, subject, body, msgid=None):
    sender = api.portal.get_registry_record("plone.email_from_address")
    name = api.portal.get_registry_record("plone.email_from_name", default="") or ""
    msg = EmailMessage()
    msg["From"] = formataddr((name, sender))
    msg["To"] = to
    msg["Subject"] = subject
    if msgid:
        msg["Message-ID"] = msgid
    msg.set_content(body)
    return msg


def message_id(key):
    """The Message-ID of the email of the job with idempotency ``key``: the
    same for every attempt."""
    sender = api.portal.get_registry_record("plone.email_from_address") or ""
    domain = parseaddr(sender)[1].rpartition("@")[2] or "localhost"
    return f"<{hashlib.sha256(key.encode('utf-8')).hexdigest()[:32]}.outbox@{domain}>"


class EmailJobHandler:
    """Sends one queued email now; an SMTP failure is retried by the outbox."""

    title = _("Email")

    def run(self, job, target, ctx):
        data = job.data
        if not data.get("to"):
            raise PermanentError("Email senza destinatario")
        if "sent" in job.results:
            return
        msgid = message_id(job.key)
        msg = build_message(data["to"], data["subject"], data["body"], msgid)
        api.portal.get_tool("MailHost").send(msg.as_string(), immediate=True)
        if data.get("message"):
            delivery_update(target, data["message"], "email", "sent")
        ctx.save("sent", msgid)  # commits the step and the delivery together

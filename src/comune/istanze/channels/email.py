"""The "email" channel: the applicant's email address, through the outbox.

The text is the message's, with the link to the application (as the office's
emails always had); a decision adds where the document is. The outbox job
(kind ``email``) carries the message id: when the mail server accepts it the
job records "sent" on the message.
"""

from comune.istanze import _
from comune.istanze.channels.interfaces import QUEUED
from comune.istanze.messages.store import record_delivery
from comune.istanze.outbox.email import queue_email
from plone import api


SUFFIX = {"decision": "\n\nIl provvedimento è nella tua area personale."}


def email_text(app, body):
    return f"{body}\n\nDettagli: {app.absolute_url()}\n\nMessaggio automatico, non rispondere."


class EmailChannel:
    title = _("Email")

    def configured(self):
        return bool(api.portal.get_registry_record("plone.email_from_address", default=None))

    def queue(self, app, message, key):
        if not app.applicant_email:
            record_delivery(message, "email", "unavailable",
                            detail=_("Nessun indirizzo email nel profilo."))
            return None
        body = email_text(app, message.body + SUFFIX.get(message.kind, ""))
        job = queue_email(app.applicant_email, message.subject, body, key=key,
                          target=app.UID(), message=message.id)
        if job is not None:
            record_delivery(message, "email", QUEUED, address=app.applicant_email, job=job.id)
        return job

"""Emails on submission: to the citizen and to the office (through the outbox).

Messages are outbox jobs added in the submission's own transaction: a
submission that is rolled back sends nothing, and a mail server that is down
never blocks or fails a submission (the worker retries with backoff).
"""

from comune.istanze import _
from comune.istanze.forms.english import type_texts
from comune.istanze.outbox.email import queue_email
from plone import api
from zope.globalrequest import getRequest
from zope.i18n import translate

import logging


logger = logging.getLogger(__name__)


def _t(message, language="it"):
    return translate(message, context=getRequest(), target_language=language)


def citizen_message(app, type_obj):
    """In the language the citizen submitted in (the office's stays Italian)."""
    language = app.language or "it"
    title = type_texts(type_obj, language)[0]
    at = "%d/%m/%Y at %H:%M" if language == "en" else "%d/%m/%Y alle %H:%M"
    subject = _t(_("Istanza n. ${number} presentata", mapping={"number": app.number}), language)
    body = _t(
        _(
            (
                "Gentile ${name},\n\n"
                "la tua istanza «${type}» è stata presentata il ${date} e ha il "
                "numero ${number}.\n\n"
                "Puoi consultarla e scaricare la ricevuta qui:\n${link}\n\n"
                "Il numero di protocollo ti sarà comunicato non appena l'istanza "
                "sarà registrata.\n\n"
                "Ufficio: ${office}\n\n"
                "Questo messaggio è stato inviato automaticamente, non rispondere."
            ),
            mapping={
                "name": app.applicant_name or "",
                "type": title,
                "date": app.submitted.strftime(at),
                "number": app.number,
                "link": app.absolute_url() + "/@@ricevuta",
                "office": type_obj.office or "",
            },
        ),
        language,
    )
    return subject, body


def office_message(app, type_obj):
    subject = _t(
        _("Nuova istanza n. ${number} — ${type}", mapping={"number": app.number, "type": type_obj.Title()})
    )
    body = _t(
        _(
            (
                "È stata presentata una nuova istanza «${type}».\n\n"
                "Numero: ${number}\n"
                "Data: ${date}\n"
                "Richiedente: ${name}\n\n"
                "Apri l'istanza:\n${link}\n"
            ),
            mapping={
                "type": type_obj.Title(),
                "number": app.number,
                "date": app.submitted.strftime("%d/%m/%Y alle %H:%M"),
                "name": app.applicant_name or "",
                "link": app.absolute_url(),
            },
        )
    )
    return subject, body


def _send(recipient, subject, body, key):
    """Queue the email in the outbox: the worker sends it, with retries.

    A mail server that is down can never fail or slow the submission.
    """
    return queue_email(recipient, subject, body, key=key) is not None


def on_submitted(app, event):
    """Subscriber of ApplicationSubmittedEvent."""
    if not api.portal.get_registry_record("plone.email_from_address", default=None):
        logger.warning("No site email sender configured: no email for %s", app.number)
        return
    type_obj = app.application_type()
    if app.applicant_email:
        _send(app.applicant_email, *citizen_message(app, type_obj), key=f"email:submitted:{app.UID()}")
    if type_obj.office_email:
        _send(type_obj.office_email, *office_message(app, type_obj), key=f"email:office:{app.UID()}")

"""The "appio" channel: the message in the citizen's IO app, through the outbox.

The text is fixed when the message is dispatched (subject and markdown within
the spec's limits); the job checks the profile first and sends only when App
IO says the Comune's service may write to this citizen.
"""

from comune.istanze import _
from comune.istanze.integrations.appio import config
from comune.istanze.integrations.appio.content import fit_markdown
from comune.istanze.integrations.appio.content import fit_subject
from comune.istanze.messages.store import record_delivery
from comune.istanze.outbox.queue import enqueue
from plone import api

import re


JOB_KIND = "appio.message"
FISCAL_CODE = re.compile(r"^[A-Z]{6}[0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$")


def footer(app):
    area = f"{api.portal.get().absolute_url()}/@@area-personale"
    return (f"Istanza n. {app.number}. Documenti e dettagli nella tua "
            f"[area personale]({area}). Messaggio automatico del Comune, non rispondere.")


def job_key(app, message):
    return f"appio:{app.UID()}:{message.id}"


class AppIOChannel:
    title = _("App IO")

    def configured(self):
        return config.configured()

    def queue(self, app, message, key):
        fiscal_code = (app.applicant_id or "").upper()
        if not FISCAL_CODE.match(fiscal_code):
            record_delivery(message, "appio", "unavailable",
                            detail=_("App IO richiede il codice fiscale del richiedente."))
            return None
        due = message.deadline
        data = {
            "message": message.id,
            "fiscal_code": fiscal_code,
            "subject": fit_subject(message.subject, app.number),
            "markdown": fit_markdown(message.body, footer(app)),
            "payment": message.payment or "",
            "due_date": due.isoformat() if due else "",
        }
        return enqueue(api.portal.get(), JOB_KIND, app.UID(), job_key(app, message), data)

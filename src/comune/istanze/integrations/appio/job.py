"""The outbox job of one App IO message: profile, submission, status.

Steps (each saved, so a retry resumes after it and never sends twice):

1. ``profile``: ``getProfileByPOST``; no profile (404) or ``sender_allowed``
   false: recorded "non disponibile" on the message, nothing sent, job done.
2. ``message_id``: a payment notice waits for its notice number (its GPD
   position is published by another job: retried until then), then
   ``submitMessageforUserWithFiscalCodeInBody`` with ``payment_data``; App
   IO's id is saved with the step and the message reads "inviato".
3. status: ``getMessage``; PROCESSED reads "consegnato", REJECTED/FAILED
   "non riuscito"; ACCEPTED/THROTTLED are read again (with the outbox's
   backoff) up to ``status_checks`` times, then the message stays "inviato".

A lost answer to the submission (the request arrived, the answer did not) is
the one case the spec gives no way to recognise: the job is retried, so App
IO may then hold the message twice (at least once, never lost).
"""

from comune.istanze import _
from comune.istanze.channels.interfaces import DELIVERED
from comune.istanze.channels.interfaces import FAILED
from comune.istanze.channels.interfaces import SENT
from comune.istanze.channels.interfaces import UNAVAILABLE
from comune.istanze.integrations.appio import config
from comune.istanze.integrations.appio.content import payment_data
from comune.istanze.integrations.appio.errors import AppIOUnavailable
from comune.istanze.integrations.appio.errors import NoticeNotReady
from comune.istanze.integrations.appio.interfaces import NewMessage
from comune.istanze.messages.store import delivery_update
from comune.istanze.outbox.errors import PermanentError
from datetime import datetime


NOT_IN_IO = _("Non risulti iscritto ad App IO: il messaggio non è stato inviato in app.")
NOT_ALLOWED = _("Hai disattivato in App IO i messaggi di questo servizio del Comune: "
                "il messaggio non è stato inviato in app.")
FINAL = {"PROCESSED": DELIVERED, "REJECTED": FAILED, "FAILED": FAILED}


def _payment(app, payment_id):
    from comune.istanze.integrations.pagopa.storage import get_payment

    payment = get_payment(app, payment_id)
    if payment is None:
        raise PermanentError("Pagamento dell'avviso non trovato")
    if not payment.notice_number:
        raise NoticeNotReady("L'avviso di pagamento non ha ancora il numero avviso (posizione "
                             "pagoPA in pubblicazione): nuovo tentativo più tardi.")
    try:
        data = payment_data(payment.amount, payment.notice_number, config.payee_fiscal_code())
    except ValueError as exc:
        raise PermanentError(str(exc)) from exc
    return data, payment.due_date


class AppIOMessageJob:
    title = _("Messaggio App IO")

    def run(self, job, app, ctx):
        data, msg_id = job.data, job.data["message"]
        if app is None:
            return  # the application was removed: nothing to tell
        client = config.current_client()
        if client is None:
            delivery_update(app, msg_id, "appio", UNAVAILABLE,
                            detail=_("App IO non è più configurata presso il Comune."))
            return
        cf = data["fiscal_code"]
        if "profile" not in job.results:
            profile = client.get_profile(cf)
            verdict = ("missing" if profile is None else
                       "allowed" if profile.sender_allowed else "not_allowed")
            ctx.save("profile", verdict)
        verdict = job.results["profile"]
        if verdict != "allowed":
            delivery_update(app, msg_id, "appio", UNAVAILABLE,
                            detail=NOT_IN_IO if verdict == "missing" else NOT_ALLOWED)
            return
        if "message_id" not in job.results:
            self._submit(job, app, ctx, client)
        self._status(job, app, client)

    @staticmethod
    def _submit(job, app, ctx, client):
        data = job.data
        pay, due = (None, None)
        if data.get("payment"):
            pay, due = _payment(app, data["payment"])
        if data.get("due_date"):
            due = datetime.fromisoformat(data["due_date"])
        io_id = client.submit_message(NewMessage(
            fiscal_code=data["fiscal_code"], subject=data["subject"], markdown=data["markdown"],
            payment_data=pay, due_date=due))
        delivery_update(app, data["message"], "appio", SENT, detail="")
        ctx.save("message_id", io_id)  # commits the id and the delivery together

    @staticmethod
    def _status(job, app, client):
        status = client.get_message(job.data["fiscal_code"], job.results["message_id"])
        outcome = FINAL.get(status.status)
        if outcome is not None:
            detail = "" if outcome == DELIVERED else \
                f"App IO non ha recapitato il messaggio (stato {status.status})."
            delivery_update(app, job.data["message"], "appio", outcome, detail=detail)
            return
        if job.attempts <= config.setting("status_checks"):
            raise AppIOUnavailable(f"Messaggio App IO in elaborazione (stato {status.status})")

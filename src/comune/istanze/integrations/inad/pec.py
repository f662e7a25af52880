"""The "pec" channel: the message to the citizen's digital domicile (INAD).

At send time the outbox job (kind ``pec.message``) looks the domicile up in
INAD (a batch's messages use the batch's one list request, ``lookup.py``)
and, when there is one, sends the message as an email to that PEC address
through the site's mail server (MailHost), from the Comune's PEC address
(``comune.istanze.inad.pec_sender``; the site's address when empty).

On the message (``deliveries["pec"]``): "unavailable" when the citizen has
no domicile, "sent" with the address and the email's ``message_id`` once
the mail server accepted it, "failed" when the job failed for good. The PEC
receipts (ricevute di accettazione / di consegna) come back to the Comune's
PEC mailbox; ``mailbox.py`` reads them and makes it "delivered" or "failed".

Steps, saved so that a retry resumes: ``domicile`` (the address, "" for
none), ``message_id`` (one Message-ID however often the job is retried,
naming the application and the message: ``mailbox.referenced``), ``sent``.
"""

from comune.istanze import _
from comune.istanze.channels.email import SUFFIX
from comune.istanze.channels.email import email_text
from comune.istanze.channels.interfaces import SENT
from comune.istanze.channels.interfaces import UNAVAILABLE
from comune.istanze.integrations.inad import lookup
from comune.istanze.integrations.inad.config import current_client
from comune.istanze.integrations.inad.config import inad_settings
from comune.istanze.integrations.inad.mailbox import message_id_idstring
from comune.istanze.integrations.inad.rest import normal_cf
from comune.istanze.integrations.pdnd import client as pdnd_client
from comune.istanze.messages.store import delivery_update
from comune.istanze.messages.store import record_delivery
from comune.istanze.outbox.email import build_message
from comune.istanze.outbox.queue import enqueue
from email.utils import formataddr
from email.utils import make_msgid
from email.utils import parseaddr
from plone import api


JOB_KIND = "pec.message"
NO_DOMICILE = "Nessun domicilio digitale in INAD: il messaggio non è stato inviato via PEC."
NO_CF = "La PEC richiede il codice fiscale del richiedente."
SENT_DETAIL = _("Accettato dal server di posta del Comune. Le ricevute PEC di accettazione e "
                "consegna arrivano alla casella PEC del Comune.")


def job_key(app, message):
    return f"pec:{app.UID()}:{message.id}"


def batch_of(message):
    """The id of the mass communication ``message`` belongs to, or None."""
    key = message.key or ""
    return key.split(":", 1)[1] if key.startswith("batch:") else None


class PECChannel:
    title = _("PEC (domicilio digitale INAD)")

    def configured(self):
        return (current_client() is not None and pdnd_client() is not None
                and bool(api.portal.get_registry_record("plone.email_from_address",
                                                        default=None)))

    def queue(self, app, message, key):
        cf = normal_cf(app.applicant_id)
        if cf is None:
            record_delivery(message, "pec", UNAVAILABLE, detail=NO_CF)
            return None
        batch = batch_of(message)
        if batch:
            lookup.request_batch_list(batch)
        data = {"message": message.id, "fiscal_code": cf, "subject": message.subject,
                "body": email_text(app, message.body + SUFFIX.get(message.kind, "")),
                "reference": lookup.reference(app), "batch": batch or "",
                "sender": message.sender or ""}
        return enqueue(api.portal.get(), JOB_KIND, app.UID(), job_key(app, message), data)


def sender():
    own = (inad_settings().pec_sender or "").strip()
    address = own or api.portal.get_registry_record("plone.email_from_address")
    name = api.portal.get_registry_record("plone.email_from_name", default="") or ""
    return formataddr((name, address))


def new_message_id(app, message_id):
    domain = parseaddr(sender())[1].rpartition("@")[2] or "localhost"
    return make_msgid(idstring=message_id_idstring(app.UID(), message_id), domain=domain)


class PECMessageJob:
    title = _("Messaggio PEC al domicilio digitale")

    def run(self, job, app, ctx):
        data = job.data
        if app is None:
            return  # the application was removed: nothing to tell
        if "domicile" not in job.results:
            ctx.save("domicile", self.domicile(job))
        address = job.results["domicile"]
        if not address:
            delivery_update(app, data["message"], "pec", UNAVAILABLE, detail=NO_DOMICILE)
            return
        if "sent" in job.results:
            return
        if "message_id" not in job.results:
            ctx.save("message_id", new_message_id(app, data["message"]))
        mail = build_message(address, data["subject"], data["body"])
        mail.replace_header("From", sender())
        mail["Message-ID"] = job.results["message_id"]
        api.portal.get_tool("MailHost").send(mail.as_string(), immediate=True)
        record = delivery_update(app, data["message"], "pec", SENT, address=address,
                                 detail=str(SENT_DETAIL))
        if record is not None:
            record["message_id"] = job.results["message_id"]
        ctx.save("sent", address)  # commits the step and the delivery together

    @staticmethod
    def domicile(job):
        data = job.data
        if data.get("batch"):
            waited = job.attempts >= max(job.max_attempts - 2, 1)
            found = lookup.batch_address(data["batch"], data["fiscal_code"], waited)
            if found is not None:
                return found
        return lookup.extract_address(data["fiscal_code"], data["reference"],
                                      data.get("sender") or None)

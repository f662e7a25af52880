"""The Comune's PEC mailbox: the receipts of the PEC messages, read over POP3.

Every few minutes (``RECEIPTS_KIND``, one outbox job per period, when
``comune.istanze.inad.pec_pop3_host`` is set) the job opens the mailbox
(POP3, RFC 1939; POP3 over TLS when ``pec_pop3_ssl``), reads each email,
keeps the PEC receipts (:mod:`.receipts`) whose ``X-Riferimento-Message-ID``
is the Message-ID the "pec" job gave a message (``.pec``: it names the
application and the message) and updates that message's ``pec`` delivery:

- ``accettazione``: stays "sent" (accepted by the Comune's PEC provider);
- ``avvenuta-consegna``: "delivered", at the date the receipt certifies;
- ``non-accettazione`` / ``errore-consegna``: "failed", with the reason;
- the others (presa in carico, preavviso) are only remembered.

Only a real ``avvenuta-consegna`` makes a delivery "delivered"; a delivered
one stays so. Each receipt's id is remembered on the delivery, so a receipt
read twice (the job died before deleting it) changes nothing twice. The
updates are committed first, then the receipts applied are deleted (DELE,
effective at QUIT): a job that dies in between reads them again, harmlessly.
Other emails and receipts of unknown messages stay in the mailbox, counted.
"""

from comune.istanze import _
from comune.istanze.channels.interfaces import DELIVERED
from comune.istanze.channels.interfaces import FAILED
from comune.istanze.channels.interfaces import SENT
from comune.istanze.integrations.inad.config import PREFIX
from comune.istanze.integrations.inad.receipts import parse_receipt
from comune.istanze.messages.store import get_message
from comune.istanze.outbox import queue
from comune.istanze.outbox.interfaces import IJobHandler
from comune.istanze.outbox.interfaces import IScheduledJobs
from comune.istanze.outbox.worker import find_target
from plone import api
from plone.registry.interfaces import IRegistry
from zope import schema
from zope.component import getUtility
from zope.interface import implementer
from zope.interface import Interface

import poplib


RECEIPTS_KIND = "pec.receipts"
PERIOD_MINUTES = 5
# details shown translated in the personal area (msgids, stored as plain text)
ACCEPTED = _("Accettato dal gestore PEC del Comune.")
DELIVERED_DETAIL = _("Consegnato nella casella PEC del destinatario (ricevuta di avvenuta "
                     "consegna).")
FAILED_TITLES = {"non-accettazione": "Non accettato dal gestore PEC",
                 "errore-consegna": "Mancata consegna"}


class IPECMailboxSettings(Interface):
    pec_pop3_host = schema.TextLine(
        title=_("Server POP3 della casella PEC del Comune"),
        description=_("Dove arrivano le ricevute PEC di accettazione e consegna; vuoto: "
                      "ricevute non lette, i messaggi PEC restano «inviato»."),
        default="", required=False,
    )
    pec_pop3_port = schema.Int(title=_("Porta POP3 della casella PEC"), default=995,
                               min=1, max=65535, required=True)
    pec_pop3_ssl = schema.Bool(title=_("POP3 su TLS (POP3S)"), default=True, required=False)
    pec_pop3_user = schema.TextLine(title=_("Utente della casella PEC"), default="",
                                    required=False)
    pec_pop3_password = schema.Password(title=_("Password della casella PEC"), default="",
                                        required=False)


def mailbox_settings():
    return getUtility(IRegistry).forInterface(IPECMailboxSettings, prefix=PREFIX, check=False)


def message_id_idstring(app_uid, message_id):
    """What the PEC job puts in its Message-ID: the application and message."""
    return f"{app_uid}.{message_id}"


def referenced(reference):
    """(application UID, message id) named by a Message-ID of ours, or None."""
    local = reference.strip("<> ").split("@", 1)[0]
    parts = local.split(".")
    return (parts[-2], parts[-1]) if len(parts) >= 5 else None


def pec_record(portal, reference):
    ids = referenced(reference)
    app = find_target(portal, ids[0]) if ids else None
    msg = get_message(app, ids[1]) if app is not None else None
    record = (msg.deliveries or {}).get("pec") if msg is not None else None
    if record is None or record.get("message_id") != reference:
        return None
    return record


def local_time(at):
    return at.astimezone().replace(tzinfo=None) if at is not None and at.tzinfo else at


def apply_receipt(portal, receipt):
    """Update the delivery ``receipt`` is about: "applied", "known" (applied
    before) or None (not a message of ours)."""
    record = pec_record(portal, receipt.reference)
    if record is None:
        return None
    seen = tuple(record.get("receipts", ()))
    key = receipt.id or f"{receipt.kind}:{receipt.recipient}"
    if key in seen:
        return "known"
    record["receipts"] = seen + (key,)
    status = record.get("status")
    if receipt.kind == "avvenuta-consegna" and status != DELIVERED:
        record.update(status=DELIVERED, detail=str(DELIVERED_DETAIL),
                      at=local_time(receipt.at) or record.get("at"))
    elif receipt.kind in FAILED_TITLES and status != DELIVERED:
        reason = receipt.reason or receipt.error or "motivo non indicato"
        record.update(status=FAILED, detail=f"{FAILED_TITLES[receipt.kind]}: {reason}",
                      at=local_time(receipt.at) or record.get("at"))
    elif receipt.kind == "accettazione" and status == SENT:
        record["detail"] = str(ACCEPTED)
    return "applied"


def open_mailbox(settings):
    factory = poplib.POP3_SSL if settings.pec_pop3_ssl else poplib.POP3
    box = factory(settings.pec_pop3_host, settings.pec_pop3_port, timeout=30)
    box.user(settings.pec_pop3_user or "")
    box.pass_(settings.pec_pop3_password or "")
    return box


@implementer(IJobHandler)
class ReceiptsJob:
    title = _("Ricevute PEC dalla casella del Comune")

    def run(self, job, target, ctx):
        portal = api.portal.get()
        box = open_mailbox(mailbox_settings())
        try:
            counts, done = {"applied": 0, "known": 0, "unknown": 0, "other": 0}, []
            for number in range(1, len(box.list()[1]) + 1):
                receipt = parse_receipt(b"\r\n".join(box.retr(number)[1]))
                outcome = apply_receipt(portal, receipt) if receipt else "other"
                counts[outcome or "unknown"] += 1
                if outcome in ("applied", "known"):
                    done.append(number)
            ctx.save("read", counts)  # commits the updates before any DELE
            for number in done:
                box.dele(number)
        except BaseException:
            box.close()  # no QUIT: the server deletes nothing
            raise
        box.quit()  # the deletions take effect
        ctx.save("deleted", len(done))


@implementer(IScheduledJobs)
class ReceiptsSchedule:
    """Every PERIOD_MINUTES, when the PEC mailbox is configured."""

    def schedule(self, portal, now):
        if not (mailbox_settings().pec_pop3_host or "").strip():
            return None
        key = f"{RECEIPTS_KIND}:{now:%Y-%m-%dT%H}:{now.minute // PERIOD_MINUTES}"
        if queue.job_for_key(portal, key) is not None:
            return None
        return queue.enqueue(portal, RECEIPTS_KIND, "", key)

"""Registration by message exchange, as resumable steps of an outbox job.

1. ``agid_segnatura``: the sender's identifier (own register, idempotent per
   job key), the signed and schema-valid segnatura, the message entry;
2. ``agid_sent``: ``MessaggioInoltro`` acknowledged by the register (a
   retry re-sends the same segnatura with the same identifier: the register
   recognises it and never gives a second number);
3. the confirmation (``ConfermaMessaggioInoltro`` received on our mittente
   endpoint) turns into the :class:`Registration`; until it arrives the job
   waits a few seconds, then :class:`ProtocolPending` retries it later.
"""

from comune.istanze.integrations.protocol.agid import store
from comune.istanze.integrations.protocol.errors import ProtocolPending
from comune.istanze.integrations.protocol.errors import ProtocolRejected
from comune.istanze.integrations.protocol.interfaces import Registration
from plone import api

import datetime
import time
import transaction


ANOMALIE_CONFERMA = {
    "000_Irricevibile": "messaggio irricevibile",
    "003_DocumentoAllegatiNonLeggibili": "documento o allegati non leggibili",
    "004_DocumentoAllegatiErroreValidazioneFirma": "firma di documento o allegati non valida",
    "005_DocumentoAllegatiErroreVaidazioneMarcaTemporale": "marca temporale non valida",
    "006_DocumentoAllegatiErroreValidazioneSigillo": "sigillo elettronico non valido",
}


def register_in_steps(adapter, request, job, ctx):
    portal = api.portal.get()
    if not ctx.done("agid_segnatura"):
        identifier = store.sender_identifier(portal, adapter.agid_settings(), job.key)
        xml = adapter.segnatura(request, identifier)
        store.remember(portal, identifier, job.key, job.target)
        ctx.save("agid_segnatura", {"identifier": identifier, "xml": xml})
    prepared = job.results["agid_segnatura"]
    if not ctx.done("agid_sent"):
        ctx.save("agid_sent", adapter.send(request, prepared["xml"]))
    entry = _wait_for_answer(portal, prepared["identifier"], adapter.confirmation_wait)
    return registration_from(entry, prepared["xml"])


def _wait_for_answer(portal, identifier, seconds):
    deadline = time.monotonic() + seconds
    while True:
        entry = store.message(portal, identifier) or {}
        if entry.get("state") != "sent" or time.monotonic() >= deadline:
            return entry
        time.sleep(0.2)
        transaction.abort()  # nothing is pending here: see what others committed


def registration_from(entry, signed_xml):
    state = entry.get("state")
    if state == "confirmed":
        dest = entry["destinatario"]
        when = datetime.time.fromisoformat(dest["OraRegistrazione"][:8]) \
            if dest.get("OraRegistrazione") else datetime.time(0, 0)
        return Registration(
            administration=dest["CodiceAmministrazione"],
            aoo=dest["CodiceAOO"],
            register=dest["CodiceRegistro"],
            number=dest["NumeroRegistrazione"],
            date=datetime.date.fromisoformat(dest["DataRegistrazione"][:10]),
            time=when,
            segnatura=signed_xml,
        )
    if state == "anomaly":
        code, info = entry.get("anomalia", ""), entry.get("info", "")
        raise ProtocolRejected(
            f"Il protocollo non ha registrato il messaggio: {ANOMALIE_CONFERMA.get(code, code)} "
            f"({code}). {info}".strip())
    if state == "annulled":
        raise ProtocolRejected("Il protocollo ha annullato la registrazione del messaggio.")
    raise ProtocolPending("Messaggio consegnato al protocollo: in attesa della conferma di registrazione.")

"""Withdrawing a registered application (``AnnullamentoInoltroMittente``).

:func:`annul_registration` (staff code, e.g. after an annulment measure)
enqueues the ``protocol.annul`` job; the job asks the register to annul its
registration of the message we sent, then marks the application (audit
log). The annulment the register starts on its own arrives on
``@@protocollo-aoo-mittente`` (:mod:`.mittente`) and ends the same way.
"""

from comune.istanze.integrations.protocol.agid import store
from comune.istanze.integrations.protocol.config import current_adapter
from comune.istanze.integrations.protocol.interfaces import IMessageProtocolAdapter
from comune.istanze.integrations.protocol.registration import incoming_key
from comune.istanze.integrations.protocol.storage import registration_of
from comune.istanze.outbox import queue
from comune.istanze.outbox.errors import PermanentError
from comune.istanze.outbox.interfaces import IJobHandler
from plone import api
from zope.interface import implementer


ANNUL = "protocol.annul"
FIELDS = {"administration": "CodiceAmministrazione", "aoo": "CodiceAOO", "register": "CodiceRegistro",
          "number": "NumeroRegistrazione", "date": "DataRegistrazione", "time": "OraRegistrazione"}


def annul_registration(app, provvedimento, note=""):
    """Enqueue the annulment of ``app``'s registration; ValueError (Italian)
    when it cannot be asked for."""
    provvedimento = (provvedimento or "").strip()
    if not provvedimento:
        raise ValueError("Indicare il provvedimento che dispone l'annullamento.")
    if registration_of(app) is None:
        raise ValueError("L'istanza non è protocollata: non c'è una registrazione da annullare.")
    if getattr(app, "protocol_annulled", None):
        raise ValueError("La registrazione di protocollo dell'istanza è già annullata.")
    return queue.enqueue(api.portal.get(), ANNUL, app.UID(), f"{ANNUL}:{app.UID()}",
                         {"provvedimento": provvedimento, "note": (note or "").strip()})


def mark_annulled(app, annulment, by):
    """Record the annulment on ``app`` (and in its audit log)."""
    from comune.istanze.backoffice.audit import record

    app.protocol_annulled = dict(annulment, number=app.protocol_number)
    record(app, "protocol", f"Registrazione di protocollo n. {app.protocol_number} annullata {by} "
                            f"({annulment['provvedimento']}).")


@implementer(IJobHandler)
class AnnulRegistration:
    title = "Annullamento della protocollazione (AgID)"

    def run(self, job, app, ctx):
        if app is None:
            raise PermanentError("L'istanza non esiste più.")
        adapter = current_adapter()
        if not IMessageProtocolAdapter.providedBy(adapter):
            raise PermanentError("L'annullamento tra AOO richiede l'adattatore di protocollo AgID.")
        portal = api.portal.get()
        incoming = queue.job_for_key(portal, incoming_key(app))
        sent = incoming.results.get("agid_segnatura") if incoming is not None else None
        if sent is None:
            raise PermanentError("L'istanza non è stata inviata al protocollo come messaggio AgID.")
        mittente = sent["identifier"]
        destinatario = {FIELDS[k]: v for k, v in app.protocol_identifier.items() if k in FIELDS}
        annulment = {"provvedimento": job.data["provvedimento"], "note": job.data.get("note", "")}
        adapter.annul(mittente, destinatario, annulment["provvedimento"], annulment["note"])
        store.update(portal, mittente, state="annulled", annullamento=annulment)
        mark_annulled(app, annulment, "su richiesta dei servizi online")

"""Registration of applications in the protocol register, as outbox jobs.

Incoming (``protocol.incoming``, enqueued when an application is submitted),
in resumable steps, each saved before the next one starts:

1. ``receipt``: the PDF/A receipt is generated and stored;
2. ``register``: the receipt and the attachments are registered (the
   idempotency key makes a repeated call return the same registration), the
   segnatura is checked and stored on the application;
3. ``final_receipt``: the receipt is regenerated with the protocol number.

Outgoing (``protocol.outgoing``): :func:`register_outgoing` registers a
document the Comune sends (integration request, decision).
"""

from comune.istanze.documents.attachments import attachments_of
from comune.istanze.documents.receipt import store_receipt
from comune.istanze.documents.store import get_document
from comune.istanze.identity.names import names_of
from comune.istanze.integrations.protocol import segnatura
from comune.istanze.integrations.protocol.agid.steps import register_in_steps
from comune.istanze.integrations.protocol.config import current_adapter
from comune.istanze.integrations.protocol.config import protocol_settings
from comune.istanze.integrations.protocol.events import ApplicationRegisteredEvent
from comune.istanze.integrations.protocol.interfaces import Correspondent
from comune.istanze.integrations.protocol.interfaces import IMessageProtocolAdapter
from comune.istanze.integrations.protocol.interfaces import OutgoingDocument
from comune.istanze.integrations.protocol.interfaces import ProtocolRequest
from comune.istanze.integrations.protocol.storage import registration_of
from comune.istanze.integrations.protocol.storage import store_registration
from comune.istanze.outbox.errors import PermanentError
from comune.istanze.outbox.interfaces import IJobHandler
from comune.istanze.outbox.queue import enqueue
from plone import api
from zope.event import notify
from zope.interface import implementer


INCOMING = "protocol.incoming"
OUTGOING = "protocol.outgoing"


def incoming_key(app):
    return f"{INCOMING}:{app.UID()}"


def on_submitted(app, event):
    """Enqueue receipt + registration in the citizen's own transaction."""
    enqueue(api.portal.get(), INCOMING, app.UID(), incoming_key(app))


def register_outgoing(app, document):
    """Enqueue the registration (protocollo in uscita) of ``document``, a
    document of ``app``'s store, addressed to the applicant. Returns the job."""
    key = f"{OUTGOING}:{app.UID()}:{document.id}"
    return enqueue(api.portal.get(), OUTGOING, app.UID(), key, {"document": document.id})


def correspondent(app):
    first, last = _names(app)
    return Correspondent(
        first_name=first,
        last_name=last,
        fiscal_code=(app.applicant_id or "").upper(),
        email=app.applicant_email or "",
        body_name=app.represented_name or "",
        body_tax_id=app.represented_tax_id or "",
    )


def _names(app):
    first, last = names_of(app.applicant_id) or ("", "")
    if first and last:
        return first, last
    parts = (app.applicant_name or app.applicant_id or "").rsplit(" ", 1)
    return (parts[0], parts[1]) if len(parts) == 2 else (parts[0], parts[0])


def _doc(document, description):
    return OutgoingDocument(document.filename, document.content_type, document.data(),
                            document.sha256, description)


def _attachments(app):
    return [
        OutgoingDocument(a.filename, a.mime, a.file.data, a.sha256, a.spec)
        for a in sorted(attachments_of(app), key=lambda a: (a.spec, a.filename))
    ]


def _subject(app, prefix):
    type_obj = app.application_type()
    return f"{prefix} {app.number} — {type_obj.title}"


def _register(adapter, request, target, primary_doc_id, job, ctx):
    if IMessageProtocolAdapter.providedBy(adapter):  # AgID: send, then confirmation
        registration = register_in_steps(adapter, request, job, ctx)
    else:
        registration = adapter.register(request)
        cert = protocol_settings().signing_certificate
        segnatura.check(registration, request, cert_pem=cert or None)
    store_registration(target, registration, primary_doc_id)
    return registration


def _adapter():
    name = (protocol_settings().adapter or "").strip()
    adapter = current_adapter()
    if name and adapter is None:
        raise PermanentError(f"Adattatore di protocollo sconosciuto: {name}")
    return adapter


@implementer(IJobHandler)
class IncomingRegistration:
    title = "Ricevuta e protocollazione in entrata"

    def run(self, job, app, ctx):
        if app is None:
            raise PermanentError("L'istanza non esiste più.")
        if not ctx.done("receipt"):
            ctx.save("receipt", store_receipt(app).id)
        adapter = _adapter()
        if adapter is None:
            return  # no register configured: the receipt is final
        if not ctx.done("register"):
            receipt = get_document(app, job.results["receipt"])
            type_obj = app.application_type()
            request = ProtocolRequest(
                key=job.key,
                direction="Entrata",
                subject=_subject(app, "Istanza"),
                classification_code=type_obj.classification or "",
                classification_title=type_obj.title,
                correspondent=correspondent(app),
                primary=_doc(receipt, "Ricevuta di presentazione"),
                attachments=_attachments(app),
            )
            registration = _register(adapter, request, app, receipt.id, job, ctx)
            notify(ApplicationRegisteredEvent(app, registration))
            ctx.save("register", registration.as_dict())
        if not ctx.done("final_receipt"):
            ctx.save("final_receipt", store_receipt(app, registration_of(app)).id)


@implementer(IJobHandler)
class OutgoingRegistration:
    title = "Protocollazione in uscita"

    def run(self, job, app, ctx):
        if app is None:
            raise PermanentError("L'istanza non esiste più.")
        document = get_document(app, job.data["document"])
        if document is None:
            raise PermanentError("Il documento da protocollare non esiste più.")
        adapter = _adapter()
        if adapter is None:
            raise PermanentError("Nessun registro di protocollo configurato.")
        if ctx.done("register"):
            return
        type_obj = app.application_type()
        request = ProtocolRequest(
            key=job.key,
            direction="Uscita",
            subject=f"{document.title} — istanza {app.number}",
            classification_code=type_obj.classification or "",
            classification_title=type_obj.title,
            correspondent=correspondent(app),
            primary=_doc(document, document.title),
        )
        registration = _register(adapter, request, document, document.id, job, ctx)
        ctx.save("register", registration.as_dict())


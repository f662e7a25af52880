"""Working an application: assignment, notes, transitions, integrations, decisions.

Each action checks permissions, validates its input *before* writing
(Italian :class:`ActionError` messages, nothing half-stored), records an
audit entry, and sends what must leave the site (messages to the personal
area, emails, outgoing protocol registrations) through the application's
message store and the outbox.
"""

from comune.istanze import _
from comune.istanze.backoffice import audit
from comune.istanze.backoffice.decision import decision_pdf
from comune.istanze.backoffice.notify import email_citizen
from comune.istanze.documents.sniffing import check_upload
from comune.istanze.documents.sniffing import UploadRejected
from comune.istanze.documents.store import add_document
from comune.istanze.messages.store import add_message
from datetime import datetime
from persistent.list import PersistentList
from plone import api

import logging


logger = logging.getLogger(__name__)
WORK = "comune.istanze: Work applications"
DECIDE = "comune.istanze: Decide applications"
STAFF_ROLES = ("Istruttore", "Responsabile")


class ActionError(ValueError):
    def __init__(self, message, status=400):
        super().__init__(message)
        self.message = message
        self.status = status


def iso_datetime(raw, error=ActionError):
    """A date-time from an ISO string (form or JSON), or ``error`` in Italian."""
    try:
        return datetime.fromisoformat(raw or "")
    except ValueError:
        raise error(_("Data non valida: «${value}».", mapping={"value": raw or ""}))


def _require(permission, app):
    if not api.user.has_permission(permission, obj=app):
        raise ActionError(_("Non hai i permessi per questa operazione."), status=403)


def _state(app):
    return api.content.get_state(app)


def _me():
    return api.user.get_current().getId()


def assign(app, user_id):
    _require(WORK, app)
    if user_id:
        roles = api.user.get_roles(username=user_id, obj=app.application_type()) if api.user.get(
            userid=user_id) else []
        if not set(roles) & set(STAFF_ROLES):
            raise ActionError(
                _("${user} non lavora le istanze di questa tipologia.", mapping={"user": user_id})
            )
    app.assignee = user_id or None
    app.reindexObject(idxs=["assignee"])
    audit.record(app, "assign", user_id or "—")


def _notes(app):
    notes = getattr(app, "_notes", None)
    if notes is None:
        notes = app._notes = PersistentList()
    return notes


def add_note(app, text):
    """An internal note: never shown to the citizen."""
    _require(WORK, app)
    text = (text or "").strip()
    if not text:
        raise ActionError(_("La nota è vuota."))
    _notes(app).append({"when": datetime.now(), "who": _me(), "text": text})
    audit.record(app, "note", text[:200])


def notes_of(app):
    return list(getattr(app, "_notes", None) or [])


def transition(app, name, comment=""):
    """A workflow transition by staff, with its comment in the history."""
    _require(WORK, app)
    available = {t["id"] for t in api.portal.get_tool("portal_workflow").getTransitionsFor(app)}
    if name not in available:
        raise ActionError(_("Operazione non disponibile nello stato attuale."), status=403)
    if name in ("accept", "reject"):
        raise ActionError(_("Per accogliere o respingere serve un provvedimento: usa «Decidi»."))
    if name == "request_integration":
        raise ActionError(_("Usa «Richiedi integrazione» per indicare cosa serve e il termine."))
    api.content.transition(obj=app, transition=name, comment=comment or "")
    audit.record(app, "transition", f"{name}: {comment}".strip(": "))


def _register_outgoing(app, document):
    try:
        from comune.istanze.integrations.protocol.registration import register_outgoing
    except ImportError:  # pragma: no cover - protocol integration not installed
        return None
    return register_outgoing(app, document)


def request_integration(app, text, deadline):
    """Ask the citizen for an integration, with a deadline."""
    _require(WORK, app)
    text = (text or "").strip()
    if not text:
        raise ActionError(_("Scrivi che cosa deve integrare il cittadino."))
    if not isinstance(deadline, datetime) or deadline <= datetime.now():
        raise ActionError(_("Il termine per l'integrazione deve essere una data futura."))
    if _state(app) == "submitted":
        api.content.transition(obj=app, transition="start_review", comment="")
    if _state(app) != "in_review":
        raise ActionError(_("Si può chiedere un'integrazione solo durante l'istruttoria."), status=403)
    subject = f"Richiesta di integrazione — istanza {app.number}"
    body = f"{text}\n\nTermine: {deadline:%d/%m/%Y %H:%M}"
    pdf = decision_pdf(app, "Richiesta di integrazione", body)
    doc = add_document(app, "integration_request", subject, pdf,
                       f"richiesta-integrazione-{app.number}.pdf")
    msg, _created = add_message(app, "integration_request", subject, body, _me(),
                                deadline=deadline, documents=(doc.id,))
    api.content.transition(obj=app, transition="request_integration", comment=text)
    _register_outgoing(app, doc)
    email_citizen(app, subject, body)
    audit.record(app, "request_integration", f"termine {deadline:%d/%m/%Y}")
    return msg


def decide(app, outcome, motivation, upload=None, filename=None):
    """Accept or reject with a decision document (uploaded PDF or generated)."""
    _require(DECIDE, app)
    if outcome not in ("accept", "reject"):
        raise ActionError(_("Esito non valido."))
    motivation = (motivation or "").strip()
    if not motivation:
        raise ActionError(_("Il provvedimento richiede una motivazione."))
    if _state(app) not in ("in_review", "submitted"):
        raise ActionError(_("L'istanza non è in istruttoria."), status=403)
    if upload:
        try:
            check_upload(upload, "pdf", 20, filename or "provvedimento.pdf")
        except UploadRejected as exc:
            raise ActionError(exc.message)
        pdf = upload
    else:
        title = "Provvedimento di accoglimento" if outcome == "accept" else "Provvedimento di diniego"
        pdf = decision_pdf(app, title, motivation)
    if _state(app) == "submitted" and outcome == "accept":
        api.content.transition(obj=app, transition="start_review", comment="")
    label = "accolta" if outcome == "accept" else "respinta"
    subject = f"Istanza {app.number} {label}"
    doc = add_document(app, "decision", f"Provvedimento — istanza {app.number}", pdf,
                       filename or f"provvedimento-{app.number}.pdf")
    add_message(app, "decision", subject, motivation, _me(), documents=(doc.id,))
    api.content.transition(obj=app, transition=outcome, comment=motivation)
    _register_outgoing(app, doc)
    email_citizen(app, subject, f"{motivation}\n\nIl provvedimento è nella tua area personale.")
    audit.record(app, outcome, motivation[:200])
    return doc

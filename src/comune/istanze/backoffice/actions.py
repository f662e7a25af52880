"""Working an application: assignment, notes, transitions, integrations, decisions.

Each action checks permissions and records an audit entry. The state
changes go through the transitions' rules (:mod:`.transitions`), which
validate the input *before* writing (Italian messages, nothing half-stored)
and send what must leave the site (messages to the personal area, emails,
outgoing protocol registrations) through the application's message store
and the outbox: the actions here only supply the data and fire.
"""

from comune.istanze import _
from comune.istanze.backoffice import audit
from comune.istanze.workflow.errors import ApplicationError
from comune.istanze.workflow.rules import fire
from comune.istanze.workflow.rules import path_to_kind
from comune.istanze.workflow.rules import transition_kind
from datetime import datetime
from persistent.list import PersistentList
from plone import api

import logging
import transaction


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


def _fire(app, *steps, comment=""):
    """Fire ``steps`` ((transition, data), ...) as one unit through their rules.

    The rules do the work (documents, messages, protocol, emails, audit); a
    refusal rolls back the steps already done and becomes an ActionError.
    Returns the last step's context.
    """
    savepoint = transaction.savepoint(optimistic=True)
    try:
        for name, data in steps:
            ctx = fire(app, name, comment=comment, **data)
    except ApplicationError as exc:
        savepoint.rollback()
        raise ActionError(exc.message, status=exc.status) from exc
    return ctx


def transition(app, name, comment=""):
    """A workflow transition by staff, with its comment in the history."""
    _require(WORK, app)
    available = {t["id"] for t in api.portal.get_tool("portal_workflow").getTransitionsFor(app)}
    if name not in available:
        raise ActionError(_("Operazione non disponibile nello stato attuale."), status=403)
    kind = transition_kind(app, name)
    if kind in ("accept", "reject"):
        raise ActionError(_("Per accogliere o respingere serve un provvedimento: usa «Decidi»."))
    if kind == "request_integration":
        raise ActionError(_("Usa «Richiedi integrazione» per indicare cosa serve e il termine."))
    _fire(app, (name, {}), comment=comment or "")


def request_integration(app, text, deadline):
    """Ask the citizen for an integration, with a deadline (starting the
    review of a submitted application). Returns the message."""
    _require(WORK, app)
    path = path_to_kind(app, "request_integration")
    if not path:
        raise ActionError(_("Si può chiedere un'integrazione solo durante l'istruttoria."), status=403)
    steps = [(name, {}) for name in path[:-1]]
    steps.append((path[-1], {"text": text, "deadline": deadline}))
    return _fire(app, *steps).result["message"]


def decide(app, outcome, motivation, upload=None, filename=None):
    """Accept or reject with a decision document (uploaded PDF or generated);
    an accepted submitted application goes through ``start_review`` first."""
    _require(DECIDE, app)
    if outcome not in ("accept", "reject"):
        raise ActionError(_("Esito non valido."))
    path = path_to_kind(app, outcome)
    if not path:
        raise ActionError(_("L'istanza non è in istruttoria."), status=403)
    steps = [(name, {}) for name in path[:-1]]
    steps.append((path[-1], {"motivation": motivation, "upload": upload, "filename": filename}))
    return _fire(app, *steps).result["document"]


def add_internal_document(app, title, data, filename=None):
    """An internal document of the office (a PDF the citizen never sees):
    a back-end system's report, an inspection... Returns the document."""
    from comune.istanze.documents.sniffing import check_upload
    from comune.istanze.documents.sniffing import UploadRejected
    from comune.istanze.documents.store import add_document

    _require(WORK, app)
    title = (title or "").strip() if isinstance(title, str) else ""
    if not title or len(title) > 200:
        raise ActionError(_("Indica il titolo del documento (al massimo 200 caratteri)."))
    try:
        check_upload(data or b"", "pdf", 20, filename or title)
    except UploadRejected as exc:
        raise ActionError(exc.message) from exc
    doc = add_document(app, "internal", title, data, filename or "documento.pdf",
                       visible_to_citizen=False)
    audit.record(app, "document", title[:200])
    return doc

"""Sending an integration (B5): the applicant answers an integration request.

Text and files (PDF, JPG or PNG, at most 10 MB each, checked by content) are
all validated before anything is written: a bad file stores nothing. The
answer becomes a message (direction "in", kind ``integration_reply``) whose
files are documents of the application; the ``send_integration`` transition
(guard: role Richiedente) brings the application back to ``in_review`` with the text as
the history comment, where the office's ``@@istruttoria`` lists it.

An answer after the deadline is accepted and marked late (message flag,
subject, history comment, audit of the office's page): whether a late
integration is admissible is the office's decision, not the software's.
"""

from comune.istanze import _
from comune.istanze.documents.sniffing import check_upload
from comune.istanze.documents.store import add_document
from comune.istanze.identity import current_identity
from comune.istanze.messages.store import add_message
from comune.istanze.personal_area.data import integration_request
from datetime import datetime
from comune.istanze.workflow.errors import ApplicationError
from comune.istanze.workflow.errors import NotAllowed
from plone import api
from Products.CMFCore.WorkflowCore import WorkflowException


ALLOWED = "pdf, jpg, png"
MAX_MB = 10
MAX_FILES = 10
MAX_TEXT = 10000


def check_can_send(app):
    """Refuse unless the current user is the applicant and an integration is due."""
    identity = current_identity()
    if identity is None or identity.user_id != app.applicant_id:
        raise NotAllowed(_("Solo chi ha presentato l'istanza può inviare l'integrazione."))
    if api.content.get_state(app) != "integration_requested":
        raise NotAllowed(_("Per questa istanza non è richiesta un'integrazione."))
    return identity


def send_integration(app, text, files=()):
    """Store the answer and move ``app`` back to ``in_review``.

    ``files`` is a sequence of ``(filename, bytes)``. Returns the message.
    """
    identity = check_can_send(app)
    text = (text or "").strip()
    if not text:
        raise ApplicationError(_("Scrivi il testo dell'integrazione."), field="text")
    if len(text) > MAX_TEXT:
        raise ApplicationError(
            _("Il testo dell'integrazione supera ${max} caratteri.", mapping={"max": MAX_TEXT}),
            field="text")
    files = [(name or "", data) for name, data in files if data or name]
    if len(files) > MAX_FILES:
        raise ApplicationError(
            _("Puoi allegare al massimo ${max} file.", mapping={"max": MAX_FILES}), field="files")
    checked = [(name, data, check_upload(data, ALLOWED, MAX_MB, name or _("allegato")))
               for name, data in files]
    request = integration_request(app)
    deadline = request.deadline if request is not None else None
    late = deadline is not None and datetime.now() > deadline
    subject = f"Integrazione{' oltre il termine' if late else ''} — istanza {app.number}"
    doc_ids = [
        add_document(app, "integration_reply", f"Integrazione: {name}", data, name,
                     content_type=mime).id
        for name, data, mime in checked
    ]
    msg, _created = add_message(app, "integration_reply", subject, text, identity.user_id,
                                direction="in", documents=doc_ids)
    msg.late = late
    comment = text
    if late:
        comment = f"Integrazione inviata oltre il termine del {deadline:%d/%m/%Y %H:%M}.\n\n{text}"
    try:
        api.portal.get_tool("portal_workflow").doActionFor(app, "send_integration", comment=comment)
    except WorkflowException as exc:
        raise NotAllowed(_("Non è stato possibile inviare l'integrazione.")) from exc
    return msg

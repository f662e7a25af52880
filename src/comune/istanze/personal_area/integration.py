"""Sending an integration (B5): the applicant answers an integration request.

Text and files (PDF, JPG or PNG, at most 10 MB each, checked by content) are
all validated before anything is written: a bad file stores nothing. The
answer becomes a message (direction "in", kind ``integration_reply``) whose
files are documents of the application; the ``send_integration`` transition
(guard: role Richiedente) brings the application back to ``in_review``
with the text as the history comment, where the office's ``@@istruttoria``
lists it. Its rule (:class:`IntegrationReplyRule`) refuses the transition
without an answer (``@workflow``, the state menu, a script): the application
never goes back to review with nothing sent.

An answer after the deadline is accepted and marked late (message flag,
subject, history comment, audit of the office's page): whether a late
integration is admissible is the office's decision, not the software's.
"""

from comune.istanze import _
from comune.istanze.backoffice import audit
from comune.istanze.documents.sniffing import check_upload
from comune.istanze.documents.store import add_document
from comune.istanze.exports.archive import printable
from comune.istanze.identity import current_identity
from comune.istanze.messages.store import add_message
from comune.istanze.personal_area.data import integration_request
from datetime import datetime
from comune.istanze.workflow.errors import ApplicationError
from comune.istanze.workflow.errors import NotAllowed
from comune.istanze.workflow.rules import exits_of_kind
from comune.istanze.workflow.rules import fire_kind
from comune.istanze.workflow.rules import require_product_action


ALLOWED = "pdf, jpg, png"
MAX_MB = 10
MAX_FILES = 10
MAX_TEXT = 10000


def check_can_send(app):
    """Refuse unless the current user is the applicant and an integration is due."""
    identity = current_identity()
    if identity is None or identity.user_id != app.applicant_id:
        raise NotAllowed(_("Solo chi ha presentato l'istanza può inviare l'integrazione."))
    if not exits_of_kind(app, "reply_integration"):
        raise NotAllowed(_("Per questa istanza non è richiesta un'integrazione."))
    return identity


def send_integration(app, text, files=()):
    """Store the answer and move ``app`` back to ``in_review``.

    ``files`` is a sequence of ``(filename, bytes or ReceivedFile)``. Returns the message.
    """
    check_can_send(app)
    return fire_kind(app, "reply_integration", text=text, files=files).result["message"]


class IntegrationReplyRule:
    """``send_integration``: only with the applicant's answer (text, files),
    validated before the state changes, stored as a message after it."""

    product_only = True

    def prepare(self, app, ctx):
        require_product_action(
            ctx, _("Invia l'integrazione dalla tua area personale, con il testo e i documenti."))
        ctx.result["identity"] = check_can_send(app)
        text = (ctx.data.get("text") or "").strip()
        if not text:
            raise ApplicationError(_("Scrivi il testo dell'integrazione."), field="text")
        if len(text) > MAX_TEXT:
            raise ApplicationError(
                _("Il testo dell'integrazione supera ${max} caratteri.", mapping={"max": MAX_TEXT}),
                field="text")
        files = [(printable(name or "").strip(), data)
                 for name, data in ctx.data.get("files") or () if len(data) or name]
        if len(files) > MAX_FILES:
            raise ApplicationError(
                _("Puoi allegare al massimo ${max} file.", mapping={"max": MAX_FILES}), field="files")
        ctx.result["files"] = [(name, data, check_upload(data, ALLOWED, MAX_MB, name or _("allegato")))
                               for name, data in files]
        request = integration_request(app)
        deadline = request.deadline if request is not None else None
        late = deadline is not None and datetime.now() > deadline
        ctx.result.update(text=text, late=late)
        ctx.comment = text
        if late:
            ctx.comment = f"Integrazione inviata oltre il termine del {deadline:%d/%m/%Y %H:%M}.\n\n{text}"

    def complete(self, app, ctx):
        late = ctx.result["late"]
        subject = f"Integrazione{' oltre il termine' if late else ''} — istanza {app.number}"
        doc_ids = [
            add_document(app, "integration_reply", f"Integrazione: {name}", data, name,
                         content_type=mime).id
            for name, data, mime in ctx.result["files"]
        ]
        msg, _created = add_message(app, "integration_reply", subject, ctx.result["text"],
                                    ctx.result["identity"].user_id, direction="in",
                                    documents=doc_ids)
        msg.late = late
        ctx.result["message"] = msg
        audit.record(app, "transition", "send_integration" + (" (oltre il termine)" if late else ""))

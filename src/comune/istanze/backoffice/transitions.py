"""The rules of the office's transitions (see :mod:`comune.istanze.workflow.rules`).

* ``accept``/``reject``: a decision document (the uploaded PDF, or one
  generated from the motivation), a message in the personal area, the
  outgoing protocol registration and the message on the type's channels (outbox jobs), the audit
  entry. From ``@workflow``, the state menu or a script the history
  ``comment`` is the motivation; without it the decision is refused.
* ``request_integration``: text and deadline, a letter, a message with the
  deadline, protocol, the type's channels, audit. Only the office's «Richiedi integrazione»
  supplies a deadline: from anywhere else it is refused.
* ``start_review``, ``resume_review``, ``close``: recorded in the audit log.
"""

from comune.istanze import _
from comune.istanze.backoffice import audit
from comune.istanze.backoffice.decision import decision_pdf
from comune.istanze.channels import dispatch
from comune.istanze.documents.sniffing import check_upload
from comune.istanze.documents.sniffing import UploadRejected
from comune.istanze.documents.store import add_document
from comune.istanze.integrations.pagopa.storage import payments_of
from comune.istanze.messages.store import add_message
from comune.istanze.workflow.errors import ApplicationError
from datetime import datetime
from plone import api
from zope.component import subscribers
from zope.interface import Interface


class IDecisionAddendum(Interface):
    """Subscription adapter of an application: more for the citizen to read
    in a decision's message and email (e.g. a fee due after acceptance).
    Called after the state change; returns text or an empty string."""

    def __call__(transition):
        """Text to add to the decision message, or ''."""


def decision_addenda(app, transition):
    return [text for text in (a(transition) for a in subscribers((app,), IDecisionAddendum))
            if text]


TITLES = {"accept": "Provvedimento di accoglimento", "reject": "Provvedimento di diniego"}
LABELS = {"accept": "accolta", "reject": "respinta"}


def _me():
    return api.user.get_current().getId()


def _register_outgoing(app, document):
    try:
        from comune.istanze.integrations.protocol.registration import register_outgoing
    except ImportError:  # pragma: no cover - protocol integration not installed
        return None
    return register_outgoing(app, document)


class DecisionRule:
    """``accept`` and ``reject``: no decision without its document."""

    def prepare(self, app, ctx):
        motivation = (ctx.data.get("motivation") or ctx.comment or "").strip()
        if not motivation:
            raise ApplicationError(
                _("Il provvedimento richiede una motivazione.") if ctx.supplied else
                _("Per accogliere o respingere serve la motivazione del provvedimento: "
                  "scrivila nel commento."),
                field="comment")
        upload, filename = ctx.data.get("upload"), ctx.data.get("filename")
        if upload:
            try:
                check_upload(upload, "pdf", 20, filename or "provvedimento.pdf")
            except UploadRejected as exc:
                raise ApplicationError(exc.message, field="document") from exc
            pdf = upload
        else:
            pdf = decision_pdf(app, TITLES[ctx.transition], motivation)
        ctx.comment = motivation
        ctx.result.update(motivation=motivation, pdf=pdf,
                          filename=filename or f"provvedimento-{app.number}.pdf")

    def complete(self, app, ctx):
        motivation = ctx.result["motivation"]
        known = {p.id for p in payments_of(app)}
        text = "\n\n".join([motivation, *decision_addenda(app, ctx.transition)])
        subject = f"Istanza {app.number} {LABELS[ctx.transition]}"
        doc = add_document(app, "decision", f"Provvedimento — istanza {app.number}",
                           ctx.result["pdf"], ctx.result["filename"])
        msg, _created = add_message(app, "decision", subject, text, _me(), documents=(doc.id,))
        fresh = [p.id for p in payments_of(app) if p.id not in known]
        if len(fresh) == 1:  # a fee due after acceptance: App IO lets the citizen pay it
            msg.payment = fresh[0]
        _register_outgoing(app, doc)
        dispatch(app, msg)
        audit.record(app, ctx.transition, motivation[:200])
        ctx.result["document"] = doc


class IntegrationRequestRule:
    """``request_integration``: what to integrate and by when."""

    def prepare(self, app, ctx):
        if not ctx.supplied:
            raise ApplicationError(
                _("Per chiedere un'integrazione servono il testo e il termine: usa «Richiedi "
                  "integrazione» nella pagina dell'istruttoria."), field="deadline")
        text = (ctx.data.get("text") or "").strip()
        if not text:
            raise ApplicationError(_("Scrivi che cosa deve integrare il cittadino."), field="text")
        deadline = ctx.data.get("deadline")
        if not isinstance(deadline, datetime) or deadline <= datetime.now():
            raise ApplicationError(
                _("Il termine per l'integrazione deve essere una data futura."), field="deadline")
        subject = f"Richiesta di integrazione — istanza {app.number}"
        body = f"{text}\n\nTermine: {deadline:%d/%m/%Y %H:%M}"
        ctx.comment = text
        ctx.result.update(subject=subject, body=body, deadline=deadline,
                          pdf=decision_pdf(app, "Richiesta di integrazione", body))

    def complete(self, app, ctx):
        subject, body, deadline = ctx.result["subject"], ctx.result["body"], ctx.result["deadline"]
        doc = add_document(app, "integration_request", subject, ctx.result["pdf"],
                           f"richiesta-integrazione-{app.number}.pdf")
        msg, _created = add_message(app, "integration_request", subject, body, _me(),
                                    deadline=deadline, documents=(doc.id,))
        _register_outgoing(app, doc)
        dispatch(app, msg)
        audit.record(app, "request_integration", f"termine {deadline:%d/%m/%Y}")
        ctx.result["message"] = msg

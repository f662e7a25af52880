"""REST services of the back office (same rules as the HTML views).

* ``GET  /@scrivania`` and ``<type>/@scrivania``: the inbox (filters as query
  parameters: type, state, from, to, assignee, text, sort, order; batched),
  with ``counts``: applications per state for the same filters but the state.
* ``GET  <app>/@istruttoria``: the staff view of one application (audited read).
* ``POST <app>/@istruttoria``: ``{"action": "assign"|"note"|"transition"|
  "integration"|"decide"|"payment"|"document", ...}`` (``document``: an
  internal PDF, ``{"title", "document": {"filename", "data" (base64)}}``).
* ``POST /@comunicazioni``: ``{"filters": {...}, "subject", "body",
  "attachments": [{"filename", "content-type", "data" (base64)}]}``;
  ``GET /@comunicazioni?id=`` its progress (404 unless the reader works every
  type of its targets, or is a Manager / Site Administrator).
"""

from comune.istanze.workflow.custom import workflow_id_of
from comune.istanze import _
from comune.istanze.backoffice import actions
from comune.istanze.backoffice import audit
from comune.istanze.backoffice import communications
from comune.istanze.backoffice import inbox
from comune.istanze.backoffice.views import FILTER_KEYS
from comune.istanze.forms.rendering import render_answers
from comune.istanze.messages.store import messages_of
from comune.istanze.restapi.actions import ActionService
from comune.istanze.restapi.errors import read_body
from comune.istanze.restapi.batching import batched
from comune.istanze.restapi.errors import refuse
from comune.istanze.workflow.chain import chain_links
from plone import api
from plone.restapi.serializer.converters import json_compatible
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.services import Service
from zope.interface import alsoProvides

import base64
import binascii


def _refuse(service, message, status):
    return refuse(service, actions.ActionError(message, status))


class Inbox(Service):
    def reply(self):
        if not inbox.workable_types(self.context):
            return _refuse(self, _("Nessuna tipologia di istanza da lavorare."), 403)
        filters = {k: self.request.form.get(k, "") for k in FILTER_KEYS}
        try:
            brains = inbox.search(filters, self.context)
            counts = dict(inbox.state_counts(filters, self.context))
        except inbox.FilterError as exc:
            return refuse(self, exc)
        return batched(self.request, brains, inbox.row, counts=counts)


class StaffApplication(Service):
    def reply(self):
        if not api.user.has_permission(actions.WORK, obj=self.context):
            return _refuse(self, _("Non hai i permessi per questa operazione."), 403)
        app = self.context
        audit.record(app, "read", "REST", request=self.request)
        return json_compatible({
            "@id": app.absolute_url(), "number": app.number, "review_state": api.content.get_state(app),
            "applicant_id": app.applicant_id, "applicant_name": app.applicant_name,
            "submitted": app.submitted, "assignee": app.assignee, "form_version": app.form_version,
            "workflow_version": app.workflow_version,
            "answers": [{"fieldset": s.label, "rows": [{"name": r.name, "title": r.title, "text": r.text}
                                                         for r in s.rows]} for s in render_answers(app)],
            "notes": actions.notes_of(app),
            "messages": [{"id": m.id, "kind": m.kind, "subject": m.subject, "body": m.body,
                          "created": m.created, "deadline": m.deadline, "direction": m.direction}
                         for m in messages_of(app)],
            "history": [{"action": h.get("action"), "actor": h.get("actor"), "time": h.get("time"),
                         "review_state": h.get("review_state"), "comments": h.get("comments")}
                        for h in app.workflow_history.get(workflow_id_of(app), ())],
            "chain": chain_links(app),
            "anpr": anpr_json(app),
        })


def anpr_json(app):
    """The ANPR verification of ``app`` for REST clients (None: never involved)."""
    from comune.istanze.integrations.anpr.status import status_of
    from zope.globalrequest import getRequest
    from zope.i18n import translate

    status = status_of(app)
    if status is None:
        return None
    return json_compatible({**status, "title": translate(status["title"], context=getRequest())})


class StaffAction(ActionService):
    actions = {"assign": "assign", "note": "note", "transition": "transition",
               "integration": "integration", "decide": "decide", "payment": "payment",
               "document": "document", "anpr": "anpr"}

    def assign(self, body):
        actions.assign(self.context, body.get("assignee") or "")

    def note(self, body):
        actions.add_note(self.context, body.get("text"))

    def transition(self, body):
        actions.transition(self.context, body.get("transition", ""), body.get("comment", ""))

    def integration(self, body):
        actions.request_integration(self.context, body.get("text"),
                                    actions.iso_datetime(body.get("deadline")))

    @staticmethod
    def _pdf(body):
        """(data, filename) of the body's ``document``, (None, None) without one."""
        upload = body.get("document")
        try:
            return (base64.b64decode(upload["data"], validate=True), upload.get("filename")) \
                if upload else (None, None)
        except (binascii.Error, KeyError, TypeError, AttributeError):
            raise actions.ActionError(_("Documento non valido: serve un PDF in base64."))

    def decide(self, body):
        data, filename = self._pdf(body)
        actions.decide(self.context, body.get("outcome", ""), body.get("motivation", ""), data,
                       filename if data else None)

    def document(self, body):
        data, filename = self._pdf(body)
        self.document_added = actions.add_internal_document(self.context, body.get("title"),
                                                            data, filename)

    def payment(self, body):
        from comune.istanze.fees.office import request_payment

        self.payment_made = request_payment(self.context, body.get("amount"),
                                            body.get("description"), body.get("reason"),
                                            body.get("due_date") or None)

    def anpr(self, body):
        from comune.istanze.integrations.anpr.status import recheck

        self.anpr_result = recheck(self.context)

    def result(self):
        made = getattr(self, "payment_made", None)
        if made is not None:
            return {"review_state": api.content.get_state(self.context),
                    "assignee": self.context.assignee,
                    "payment": {"id": made.id, "amount": made.amount, "state": made.state,
                                "description": made.description, "reason": made.reason,
                                "due_date": made.due_date.isoformat(),
                                "emailed": made.emailed}}
        answer = {"review_state": api.content.get_state(self.context), "assignee": self.context.assignee}
        if getattr(self, "anpr_result", None) is not None:
            answer["anpr"] = anpr_json(self.context)
        doc = getattr(self, "document_added", None)
        if doc is not None:
            answer["document"] = {"id": doc.id, "title": doc.title, "sha256": doc.sha256}
        return answer


class Communications(Service):
    def reply(self):
        if not inbox.workable_types(self.context):
            return _refuse(self, _("Nessuna tipologia di istanza da lavorare."), 403)
        if self.request.get("REQUEST_METHOD") == "GET":
            batch = communications.readable_batch(self.request.form.get("id", ""))
            if batch is None:
                return _refuse(self, _("Comunicazione non trovata."), 404)
            return {"id": batch.id, "total": batch.grand_total, "sent": batch.sent,
                    "position": batch.position, "done": batch.done, "failures": dict(batch.failures)}
        alsoProvides(self.request, IDisableCSRFProtection)  # as plone.restapi's own services
        body = read_body(self.request)
        try:
            brains = inbox.search({k: (body.get("filters") or {}).get(k, "") for k in FILTER_KEYS},
                                  self.context)
            files = [(f["filename"], f.get("content-type", "application/octet-stream"),
                      base64.b64decode(f["data"], validate=True)) for f in body.get("attachments") or []]
            batch = communications.create_batch(brains, body.get("subject"), body.get("body"), files)
            communications.send(batch)
        except (inbox.FilterError, actions.ActionError) as exc:
            return refuse(self, exc)
        except (binascii.Error, KeyError, TypeError):
            return _refuse(self, _("Allegato non valido: serve il contenuto in base64."), 400)
        self.request.response.setStatus(201)
        return {"id": batch.id, "total": batch.grand_total, "sent": batch.sent, "done": batch.done}

"""The staff page of one application (``@@istruttoria``).

Answers with the application's form version, attachments, documents,
messages, history with actors, internal notes, assignment, transitions with a
comment, integration requests and decisions. Every GET is an audited read.
"""

from comune.istanze import _
from comune.istanze.backoffice import actions
from comune.istanze.backoffice import audit
from comune.istanze.browser.application import ApplicationDetails
from comune.istanze.documents.store import documents_of
from comune.istanze.messages.store import messages_of
from comune.istanze.workflow.chain import chain_links
from comune.istanze.workflow.custom import workflow_id_of
from comune.istanze.workflow.rules import path_to_kind
from comune.istanze.workflow.rules import transition_kind
from plone import api
from plone.protect import CheckAuthenticator
from Products.statusmessages.interfaces import IStatusMessage

import transaction


class StaffApplicationView(ApplicationDetails):
    citizen = False
    handlers = {
        "assign": "_assign", "note": "_note", "transition": "_transition",
        "integration": "_integration", "decide": "_decide", "message": "_message",
        "payment": "_payment", "anpr": "_anpr",
    }

    def channel_note(self):
        """«Presentata allo sportello da …» (front desk), or ""."""
        from comune.istanze.frontdesk.drafts import channel_note

        return channel_note(self.context)

    def __call__(self):
        action = self.request.form.get("azione")
        if self.request.method == "POST" and action in self.handlers:
            CheckAuthenticator(self.request)
            try:
                message = getattr(self, self.handlers[action])()
            except actions.ActionError as exc:
                transaction.doom()
                self.request.response.setStatus(exc.status)
                IStatusMessage(self.request).add(exc.message, "error")
            else:
                IStatusMessage(self.request).add(message, "info")
                self.request.response.redirect(self.context.absolute_url() + "/@@istruttoria")
                return ""
        else:
            audit.record(self.context, "read", "", request=self.request)
        return self.index()

    def history(self):
        rows = super().history()
        entries = self.context.workflow_history.get(workflow_id_of(self.context), ())
        for row, entry in zip(rows, entries):
            row["actor"] = entry.get("actor") or ""
        return rows

    def chain(self):
        return chain_links(self.context)

    def notes(self):
        return actions.notes_of(self.context)

    def documents(self):
        return documents_of(self.context)

    def messages(self):
        return messages_of(self.context)

    def transitions(self):
        """The plain office moves and closings (the others have their own forms)."""
        wf = api.portal.get_tool("portal_workflow")
        return [t for t in wf.getTransitionsFor(self.context)
                if transition_kind(self.context, t["id"]) in ("office", "close")]

    def can_decide(self):
        return api.user.has_permission(actions.DECIDE, obj=self.context) and bool(
            path_to_kind(self.context, "accept") or path_to_kind(self.context, "reject"))

    def can_request_integration(self):
        return bool(path_to_kind(self.context, "request_integration"))

    def staff(self):
        type_obj = self.type_obj
        users = []
        for user_id, roles in type_obj.get_local_roles():
            if set(roles) & set(actions.STAFF_ROLES):
                user = api.user.get(userid=user_id)
                users.append((user_id, (user and user.getProperty("fullname")) or user_id))
        return users

    def _assign(self):
        actions.assign(self.context, self.request.form.get("assignee", ""))
        return _("Assegnazione aggiornata.")

    def _note(self):
        actions.add_note(self.context, self.request.form.get("note", ""))
        return _("Nota interna aggiunta.")

    def _transition(self):
        actions.transition(self.context, self.request.form.get("transition", ""),
                           self.request.form.get("comment", ""))
        return _("Stato aggiornato.")

    def _integration(self):
        deadline = actions.iso_datetime(self.request.form.get("deadline", ""))
        actions.request_integration(self.context, self.request.form.get("text", ""), deadline)
        return _("Richiesta di integrazione inviata al cittadino.")

    def _message(self):
        """A single communication: a batch of one, sent at once."""
        from comune.istanze.backoffice import communications
        from plone import api as plone_api

        actions._require(actions.WORK, self.context)
        brains = plone_api.content.find(UID=self.context.UID())
        batch = communications.create_batch(
            brains, self.request.form.get("subject"), self.request.form.get("body"))
        communications.send(batch)
        return _("Comunicazione inviata al cittadino.")

    def _payment(self):
        from comune.istanze.fees.office import request_payment

        form = self.request.form
        payment = request_payment(self.context, form.get("amount"), form.get("description"),
                                  form.get("reason"), form.get("due_date") or None)
        if payment.emailed:
            return _("Pagamento richiesto al cittadino: gli abbiamo inviato un'email.")
        return _("Pagamento richiesto al cittadino (nessuna email: manca il mittente del sito "
                 "o l'indirizzo del cittadino); lo trova nell'area personale.")

    def _anpr(self):
        from comune.istanze.integrations.anpr.status import recheck

        return _("Verifica ANPR ripetuta: ${outcome}.", mapping={"outcome": recheck(self.context)["title"]})

    def _decide(self):
        upload = self.request.form.get("document")
        data = upload.read() if upload and getattr(upload, "filename", None) else None
        actions.decide(self.context, self.request.form.get("outcome", ""),
                       self.request.form.get("motivation", ""), data,
                       getattr(upload, "filename", None) if data else None)
        return _("Provvedimento registrato e inviato al cittadino.")

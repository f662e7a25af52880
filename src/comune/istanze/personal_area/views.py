"""HTML pages of the personal area (see the package docstring)."""

from comune.istanze import _
from comune.istanze.browser.guard import guard
from comune.istanze.documents.sniffing import UploadRejected
from comune.istanze.integrations.pagopa.owed import pending_of
from comune.istanze.messages.store import get_message
from comune.istanze.messages.store import mark_read
from comune.istanze.personal_area import data
from comune.istanze.personal_area.integration import ALLOWED
from comune.istanze.personal_area.integration import MAX_FILES
from comune.istanze.personal_area.integration import MAX_MB
from comune.istanze.personal_area.integration import send_integration
from comune.istanze.uploads.limits import MB
from comune.istanze.uploads.streaming import from_upload
from comune.istanze.workflow.errors import ApplicationError
from datetime import datetime
from plone import api
from plone.protect import CheckAuthenticator
from plone.protect.utils import safeWrite
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from Products.statusmessages.interfaces import IStatusMessage
from zExceptions import NotFound
from zope.interface import implementer
from zope.publisher.interfaces import IPublishTraverse

import transaction


class PersonalView(BrowserView):
    """Common to every personal page: identity required, personal headers."""

    def personal(self):
        self.identity = data.me()
        data.personal_headers(self.request.response)

    def area_url(self):
        return api.portal.get().absolute_url() + "/area-personale"


class AreaPersonaleView(PersonalView):
    """``/area-personale``: everything about my applications."""

    template = ViewPageTemplateFile("templates/area.pt")

    def __call__(self):
        self.personal()
        brains = data.my_brains(self.identity.user_id)
        self.brains = {brain.getId: brain for brain in brains}
        self.applications = data.my_applications(brains)
        self.messages = data.my_messages(brains)
        self.documents = data.my_documents(brains)
        self.unread = sum(1 for m in self.messages if m["unread"])
        self.debts = pending_of(api.portal.get(), self.identity.fiscal_code) \
            if self.identity.fiscal_code else []  # imported pagoPA debts (debts.py)
        return self.template()

    def rating_snippet(self, app_id):
        """Engineer H's rating form for one application, embedded here."""
        app = self.brains[app_id].getObject()
        return api.content.get_view(name="valuta-servizio", context=app, request=self.request)()

    def identity_rows(self):
        ident = self.identity
        method = {"spid": "SPID", "cie": "CIE", "cns": "CNS"}.get(ident.auth_method)
        level = ident.loa.replace("SpidL", "") if ident.loa else ""
        return [
            (_("Nome"), ident.first_name),
            (_("Cognome"), ident.last_name),
            (_("Codice fiscale"), ident.fiscal_code or "—"),
            (_("Email"), ident.email),
            (_("Accesso"), f"{method}, livello {level}" if method else _("Credenziali del sito")),
        ]


class ApplicationPage(PersonalView):
    """A personal page about one application (only for its applicant)."""

    def check(self):
        guard(self.context)
        self.personal()
        if self.identity.user_id != self.context.applicant_id:
            raise NotFound(self.context.getId())


class IntegrationView(ApplicationPage):
    """``<app>/@@integrazione``: answer the office's integration request."""

    template = ViewPageTemplateFile("templates/integration.pt")
    allowed = ALLOWED
    max_mb = MAX_MB

    def __call__(self):
        self.check()
        self.request_msg = data.integration_request(self.context)
        self.due = api.content.get_state(self.context) == "integration_requested"
        if self.request.method == "POST" and "form.buttons.send" in self.request.form:
            CheckAuthenticator(self.request)
            if self.send():
                self.request.response.redirect(self.area_url())
                return ""
        return self.template()

    def deadline(self):
        msg = self.request_msg
        return data.fmt(msg.deadline, "%d/%m/%Y %H:%M") if msg is not None else ""

    def late(self):
        msg = self.request_msg
        return bool(msg is not None and msg.deadline and datetime.now() > msg.deadline)

    def uploads(self):
        files = self.request.form.get("files") or []
        if not isinstance(files, list):
            files = [files]
        result = []
        for upload in files[:MAX_FILES + 1]:  # one more: send_integration refuses too many
            if hasattr(upload, "read"):
                name = getattr(upload, "filename", "") or ""
                result.append((name, from_upload(upload, MAX_MB * MB, name or _("allegato"))))
        return result

    def send(self):
        messages = IStatusMessage(self.request)
        try:
            send_integration(self.context, self.request.form.get("text"), self.uploads())
        except (ApplicationError, UploadRejected) as exc:
            transaction.abort()
            messages.add(exc.message, type="error")
            return False
        messages.add(_("Integrazione inviata: l'istruttoria riprende."), type="info")
        return True


@implementer(IPublishTraverse)
class MessageView(ApplicationPage):
    """``<app>/@@messaggio/<id>``: one message; opening it marks it read."""

    template = ViewPageTemplateFile("templates/message.pt")
    msg_id = None

    def publishTraverse(self, request, name):
        if self.msg_id is not None:
            raise NotFound(name)
        self.msg_id = name
        return self

    def __call__(self):
        self.check()
        msg = get_message(self.context, self.msg_id) if self.msg_id else None
        if msg is None:
            raise NotFound(_("Messaggio non trovato."))
        if msg.direction == "out" and msg.unread:
            mark_read(self.context, msg.id)
            safeWrite(msg, self.request)
        self.message = data.message_row(self.context, msg)
        return self.template()

"""Staff pages: the type's receivers (``@@sistemi-destinatari``) and the
events with their deliveries and «Reinvia» (``@@eventi-webhook`` on a type
and on an application).

Every change is a POST with Plone's CSRF token; a refused one stores
nothing and shows the Italian reason.
"""

from comune.istanze import _
from comune.istanze.restapi.errors import PayloadError
from comune.istanze.webhooks import delivery
from comune.istanze.webhooks import endpoints as ep
from comune.istanze.webhooks import signing
from comune.istanze.webhooks.events import KINDS
from comune.istanze.webhooks.listing import open_deliveries
from comune.istanze.webhooks.log import events_of
from comune.istanze.workflow.errors import ApplicationError
from plone import api
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from Products.statusmessages.interfaces import IStatusMessage

import transaction


class StaffPage(BrowserView):
    page = ""

    def _done(self, message, kind="info", anchor=""):
        IStatusMessage(self.request).add(message, type=kind)
        self.request.response.redirect(f"{self.context.absolute_url()}/@@{self.page}{anchor}")
        return ""

    def _refused(self, exc):
        transaction.doom()  # nothing half-stored
        IStatusMessage(self.request).add(exc.message, type="error")
        for _field, message in getattr(exc, "errors", ())[1:]:
            IStatusMessage(self.request).add(message, type="error")

    def kinds(self):
        return [{"id": k, "title": t} for k, t in KINDS.items()]


class EndpointsView(StaffPage):
    """The type's receivers: list, add, edit, delete (Manage integrations)."""

    page = "sistemi-destinatari"
    index = ViewPageTemplateFile("templates/endpoints.pt")
    values = None

    def __call__(self):
        if self.request.method == "POST":
            CheckAuthenticator(self.request)
            result = self.handle(self.request.form)
            if result is not None:
                return result
        return self.index()

    def handle(self, form):
        endpoint_id = form.get("endpoint", "")
        current = ep.get_endpoint(self.context, endpoint_id) if endpoint_id else None
        if endpoint_id and (current is None or endpoint_id == ep.SITE_ENDPOINT):
            return self._done(_("Sistema destinatario non trovato."), "error")
        if "form.delete" in form:
            ep.remove_endpoint(self.context, endpoint_id)
            return self._done(_("Sistema destinatario eliminato."))
        data = {name: form.get(name, "") for name in ("title", "url", "secret", "mode")}
        data["kinds"] = form.get("kinds", [])
        data["enabled"] = bool(form.get("enabled"))
        try:
            if current is None:
                ep.add_endpoint(self.context, data)
            else:
                ep.edit_endpoint(self.context, current, data)
        except PayloadError as exc:
            self._refused(exc)
            self.values = dict(data, secret="", id=endpoint_id)
            return None
        return self._done(_("Sistema destinatario salvato. Il segreto non sarà più mostrato."))

    def endpoints(self):
        return [ep.info(e) for e in ep.endpoints_of(self.context)]

    def modes(self):
        return [{"id": k, "title": t} for k, t in signing.MODES.items()]

    def editing(self):
        """Values of the form: what was refused, the endpoint to edit, or blanks."""
        if self.values is not None:
            return self.values
        current = ep.get_endpoint(self.context, self.request.form.get("edit", ""))
        if current is not None and current.id != ep.SITE_ENDPOINT:
            return {"id": current.id, "title": current.title, "url": current.url, "secret": "",
                    "mode": current.mode, "kinds": list(current.kinds),
                    "enabled": current.enabled}
        return {"id": "", "title": "", "url": "", "secret": "", "mode": "hmac",
                "kinds": list(KINDS), "enabled": True}


class EventsPage(StaffPage):
    """Shared by the type's and the application's events page: «Reinvia»."""

    page = "eventi-webhook"
    index = ViewPageTemplateFile("templates/events.pt")

    def __call__(self):
        if self.request.method == "POST":
            CheckAuthenticator(self.request)
            return self.replay(self.request.form)
        return self.index()

    def application(self, form):
        return self.context

    def replay(self, form):
        app = self.application(form)
        if app is None:
            return self._done(_("Istanza non trovata."), "error")
        try:
            message, _job = delivery.replay(app, form.get("event", ""), form.get("endpoint", ""))
        except ApplicationError as exc:
            transaction.doom()
            return self._done(exc.message, "error")
        return self._done(message)


class ApplicationEventsView(EventsPage):
    is_type = False

    def events(self):
        return [delivery.event_info(self.context, r) for r in reversed(events_of(self.context))]

    def rows(self):
        return []


class TypeEventsView(EventsPage):
    is_type = True

    def application(self, form):
        uid = form.get("subject", "")
        app = api.content.get(UID=uid) if isinstance(uid, str) and uid else None
        if app is None or app.application_type().UID() != self.context.UID():
            return None
        return app

    def events(self):
        return []

    def rows(self):
        return open_deliveries(self.context)

"""Protocol data on the application: number and date for everybody who can
see it, the segnatura XML for the staff only (browser view and REST, both
audited reads)."""

from comune.istanze import _
from comune.istanze.backoffice.audit import record_staff_read
from comune.istanze.integrations.protocol.storage import registration_of
from comune.istanze.integrations.protocol.storage import segnatura_of
from plone import api
from plone.app.layout.viewlets import ViewletBase
from plone.restapi.services import Service
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from zExceptions import NotFound


class SegnaturaView(BrowserView):
    """``@@segnatura``: the segnatura XML as received from the register."""

    def __call__(self):
        xml = segnatura_of(self.context)
        if not xml:
            raise NotFound(_("L'istanza non è ancora protocollata."))
        self.request.response.setHeader("Content-Type", "application/xml; charset=utf-8")
        self.request.response.setHeader("Cache-Control", "private, no-store")
        record_staff_read(self.context, "read", "segnatura", request=self.request)
        return xml


def protocol_status(app):
    """(registration or None, True while registration is pending)."""
    registration = registration_of(app)
    pending = registration is None and bool(app.number)
    return registration, pending


class ProtocolViewlet(ViewletBase):
    index = ViewPageTemplateFile("templates/protocol_viewlet.pt")

    def update(self):
        self.registration, self.pending = protocol_status(self.context)
        self.show = bool(self.context.number)
        self.receipt_url = f"{self.context.absolute_url()}/@@ricevuta-pdf"
        self.can_read_segnatura = self.registration is not None and api.user.has_permission(
            "comune.istanze: Work applications", obj=self.context)


class SegnaturaGet(Service):
    """``GET <application>/@segnatura`` (staff only)."""

    def reply(self):
        registration = registration_of(self.context)
        if registration is None:
            self.request.response.setStatus(404)
            return {"error": {"type": "NotFound",
                              "message": api.portal.translate(_("L'istanza non è ancora protocollata."))}}
        xml = segnatura_of(self.context)
        record_staff_read(self.context, "read", "REST API @segnatura", request=self.request)
        return {
            "@id": f"{self.context.absolute_url()}/@segnatura",
            "number": registration["number"],
            "date": registration["datetime"].isoformat(),
            "register": registration["register"],
            "identifier": registration["identifier"],
            "annulled": registration["annulled"],
            "segnatura": xml.decode("utf-8"),
        }

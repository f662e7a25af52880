"""Downloading an application's documents (receipt, letters, decisions).

``@@documento/<id>`` needs View on the application (the applicant as Richiedente,
the staff through their roles); documents not visible to the citizen also
need "Work applications". ``@@ricevuta-pdf`` is the current receipt.
"""

from comune.istanze import _
from comune.istanze.backoffice.audit import record_staff_read
from comune.istanze.documents.receipt import RECEIPT_KIND
from comune.istanze.documents.store import current_document
from comune.istanze.documents.store import get_document
from plone import api
from Products.Five.browser import BrowserView
from zExceptions import NotFound
from zExceptions import Unauthorized
from zope.interface import implementer
from zope.publisher.interfaces import IPublishTraverse

import urllib.parse


WORK_PERMISSION = "comune.istanze: Work applications"


def can_see(app, doc):
    if doc.visible_to_citizen:
        return True
    return bool(api.user.has_permission(WORK_PERMISSION, obj=app))


def stream(request, doc):
    response = request.response
    response.setHeader("Content-Type", doc.content_type)
    response.setHeader("Content-Length", str(doc.size))
    quoted = urllib.parse.quote(doc.filename)
    response.setHeader("Content-Disposition", f"attachment; filename*=UTF-8''{quoted}")
    response.setHeader("Cache-Control", "private, no-store")
    response.setHeader("X-Document-SHA256", doc.sha256)
    return doc.data()


@implementer(IPublishTraverse)
class DocumentView(BrowserView):
    doc_id = None

    def publishTraverse(self, request, name):
        self.doc_id = name
        return self

    def __call__(self):
        doc = get_document(self.context, self.doc_id) if self.doc_id else None
        if doc is None:
            raise NotFound(_("Documento non trovato."))
        if not can_see(self.context, doc):
            raise Unauthorized(_("Non puoi vedere questo documento."))
        record_staff_read(self.context, "download", f"documento: {doc.filename}", request=self.request)
        return stream(self.request, doc)


class ReceiptView(BrowserView):
    def __call__(self):
        doc = current_document(self.context, RECEIPT_KIND)
        if doc is None:
            raise NotFound(_("La ricevuta è in preparazione: riprova tra qualche istante."))
        record_staff_read(self.context, "download", f"ricevuta: {doc.filename}", request=self.request)
        return stream(self.request, doc)


class ConservationPackageView(BrowserView):
    """``@@pacchetto-conservazione``: the ZIP of a registered application (staff)."""

    def __call__(self):
        from comune.istanze.documents.conservation import package
        from comune.istanze.documents.conservation import package_name

        try:
            data = package(self.context)
        except ValueError:
            raise NotFound(_("L'istanza non è ancora protocollata."))
        response = self.request.response
        response.setHeader("Content-Type", "application/zip")
        response.setHeader("Content-Disposition", f'attachment; filename="{package_name(self.context)}"')
        response.setHeader("Cache-Control", "private, no-store")
        record_staff_read(self.context, "download", "pacchetto di conservazione", request=self.request)
        return data

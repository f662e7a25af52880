"""The front desk through the REST API.

* ``POST <type>/@sportello`` with the citizen's data and document (the
  fields of :mod:`.identification`): creates the citizen's draft, answers
  201 with the draft's summary; then the usual ``PATCH <draft>`` of the
  answers and ``POST <draft>/@istanze-allegati`` of the attachments.
* ``POST <draft>/@firma-sportello`` with ``{"firma_disegnata": "data:image/png;base64,…"}``
  or ``{"filename": "…", "data": "<base64>"}`` (the scan): the signature.
* ``POST <draft>/@istanze-invia``: the submission, refused without signature.

Refusals are the product's JSON errors (Italian, nothing stored).
"""

from AccessControl import Unauthorized
from comune.istanze import _
from comune.istanze.frontdesk import FRONT_DESK
from comune.istanze.frontdesk import signature
from comune.istanze.frontdesk.drafts import start_for_citizen
from comune.istanze.frontdesk.identification import FIELDS
from comune.istanze.frontdesk.identification import identify
from comune.istanze.frontdesk.views import check_operator_draft
from comune.istanze.restapi.errors import PayloadError
from comune.istanze.restapi.errors import read_body
from comune.istanze.restapi.errors import refuse
from comune.istanze.restapi.errors import REFUSALS
from comune.istanze.restapi.submit import summary
from comune.istanze.documents.sniffing import UploadRejected
from plone import api
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.services import Service
from zExceptions import NotFound
from zope.interface import alsoProvides

import base64
import binascii


class StartForCitizen(Service):
    """Start a front-desk draft of this type for the citizen present."""

    def reply(self):
        alsoProvides(self.request, IDisableCSRFProtection)
        if api.user.is_anonymous():
            raise Unauthorized(FRONT_DESK)
        if not api.user.has_permission(FRONT_DESK, obj=self.context):
            raise NotFound(self.context.getId())
        try:
            data = read_body(self.request)
            ident, errors = identify({name: data.get(name) for name in FIELDS})
            if errors:
                raise PayloadError(_("Correggi i dati evidenziati e riprova."),
                                   errors=sorted(errors.items()))
            app = start_for_citizen(self.context, ident)
        except REFUSALS as exc:
            return refuse(self, exc)
        self.request.response.setStatus(201)
        return dict(summary(app), channel=app.channel, applicant_id=app.applicant_id)


class StoreSignature(Service):
    """The citizen's signature on the summary of this front-desk draft."""

    def reply(self):
        alsoProvides(self.request, IDisableCSRFProtection)
        check_operator_draft(self.context)
        try:
            data = read_body(self.request)
            if data.get("firma_disegnata"):
                att = signature.store_drawing(self.context, data["firma_disegnata"])
            elif data.get("data"):
                att = signature.store_scan(self.context, _decode(data["data"]), data.get("filename"))
            else:
                raise PayloadError(_("Invia la firma disegnata (firma_disegnata) o la scansione "
                                     "del riepilogo firmato (data, filename)."), field="firma")
        except REFUSALS as exc:
            return refuse(self, exc)
        self.request.response.setStatus(201)
        return {"id": att.id, "filename": att.filename, "mime": att.mime, "sha256": att.sha256}


def _decode(value):
    try:
        return base64.b64decode(value or "", validate=True)
    except (binascii.Error, ValueError, TypeError):
        raise UploadRejected(_("La scansione non è in base64 valido."))

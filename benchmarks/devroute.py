"""A stand-in for engineer D's ``POST <type-url>/@istanze`` (benchmark instance only).

Used with ``run.py --route @bench-istanze`` while the product endpoint does
not exist yet: same JSON body, same product functions (create_draft,
add_attachment, submit), so the hot path measured is the product's. The
recorded benchmark uses the real ``@istanze`` endpoint.
"""

from comune.istanze.documents.attachments import add_attachment
from comune.istanze.documents.sniffing import UploadRejected
from comune.istanze.workflow.errors import ApplicationError
from comune.istanze.workflow.submission import create_draft
from comune.istanze.workflow.submission import submit
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.deserializer import json_body
from plone.restapi.services import Service
from zope.interface import alsoProvides

import base64
import transaction


class BenchSubmit(Service):
    def reply(self):
        alsoProvides(self.request, IDisableCSRFProtection)
        body = json_body(self.request)
        try:
            app = create_draft(self.context, body.get("applicant_kind", "self"))
            for name, value in (body.get("data") or {}).items():
                setattr(app, name, value)
            for att in body.get("attachments") or []:
                data = base64.b64decode(att["data"])
                add_attachment(app, att["name"], data, att.get("filename"), app.applicant_id)
            if body.get("submit"):
                submit(app)
        except (ApplicationError, UploadRejected) as exc:
            transaction.abort()
            self.request.response.setStatus(getattr(exc, "status", 400))
            return {"error": {"type": type(exc).__name__, "message": str(exc.message)}}
        self.request.response.setStatus(201)
        return {"@id": app.absolute_url(), "id": app.getId(), "number": app.number}

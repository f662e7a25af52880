"""``POST <type-url>/@istanze``: start (and optionally submit) an application.

Body::

    {"applicant_kind": "self" | "family" | "association" | "professional",
     "beneficiary": {"fiscal_code": ..., "name": ...},
     "represented": {"name": ..., "tax_id": ..., "seat": ..., "register_number": ...,
                     "procura": {"filename": ..., "content-type": ..., "data": <base64>}},
     "data": {<field>: <value>, ...},
     "attachments": [{"name": <declared attachment>, "filename": ...,
                      "content-type": ..., "data": <base64>}],
     "submit": true | false}

The draft is created by :func:`comune.istanze.workflow.submission.create_draft`
(same rules as the web form), answers are validated with the draft's form
version, attachments are sniffed by content, and with ``"submit": true`` the
application is submitted in the same request. With an ``Idempotency-Key``
header a retried request answers the application of the first one
(:mod:`comune.istanze.restapi.replay`). ``represented`` is read by
:mod:`comune.istanze.representation.choice` (a company's legal
representative: name, P.IVA, seat; a professional: the client's name and
code and the procura PDF). Any refusal aborts the whole
transaction: no half-stored draft is left behind.
"""

from comune.istanze import _
from comune.istanze.restapi.errors import PayloadError
from comune.istanze.restapi.errors import read_body
from comune.istanze.restapi.errors import refuse
from comune.istanze.restapi.errors import REFUSALS
from comune.istanze.representation.choice import from_json
from comune.istanze.representation.model import attach
from comune.istanze.representation.model import check_kind
from comune.istanze.restapi.payload import decode_base64
from comune.istanze.restapi.payload import store_answers
from comune.istanze.restapi.payload import store_attachment
from comune.istanze.restapi import replay
from comune.istanze.restapi.submit import submit_checked
from comune.istanze.restapi.submit import summary
from comune.istanze.workflow.submission import create_draft
from plone.protect.interfaces import IDisableCSRFProtection
from plone import api
from plone.restapi.services import Service
from stdnum.it import codicefiscale
from zope.interface import alsoProvides


def _clean(value) -> str:
    return (value or "").strip().upper() if isinstance(value, str) else ""


def parties(body: dict, type_obj) -> tuple:
    """``(kind, beneficiary, representation choice)`` of the body, checked."""
    kind = body.get("applicant_kind") or "self"
    beneficiary = body.get("beneficiary") or {}
    represented = body.get("represented") or {}
    if not isinstance(kind, str) or not isinstance(beneficiary, dict) or not isinstance(represented, dict):
        raise PayloadError(_("«applicant_kind», «beneficiary» e «represented» non sono nel formato previsto."))
    check_kind(type_obj, kind)
    errors = []
    if kind == "family":
        if not codicefiscale.is_valid(_clean(beneficiary.get("fiscal_code"))):
            errors.append(("beneficiary.fiscal_code",
                           _("Il codice fiscale del familiare non è valido: controlla i 16 caratteri.")))
        if not (beneficiary.get("name") or "").strip():
            errors.append(("beneficiary.name", _("Indica nome e cognome del familiare.")))
    if errors:
        raise PayloadError(errors[0][1], field=errors[0][0], errors=errors)
    return kind, beneficiary, from_json(type_obj, kind, represented, decode_base64)


class CreateApplication(Service):
    """Create a draft of this type for the current citizen."""

    def reply(self) -> dict:
        alsoProvides(self.request, IDisableCSRFProtection)
        try:
            body = read_body(self.request)
            key, app_id = replay.client_key(self.request), None
            if key is not None:
                user_id = api.user.get_current().getId()
                app_id = replay.application_id(self.context, user_id, key)
                app = replay.earlier(self.context, app_id, user_id, body)
                if app is not None:
                    replay.replayed(self.request)
                    self.request.response.setStatus(201)
                    return summary(app)
            kind, beneficiary, choice = parties(body, self.context)
            attachments = body.get("attachments") or []
            if not isinstance(attachments, list):
                raise PayloadError(_("«attachments» deve essere un elenco."), field="attachments")
            app = create_draft(self.context, kind, beneficiary=beneficiary, represented=choice.represented,
                               app_id=app_id)
            if key is not None:
                replay.remember(app, body)
            attach(app, choice.representation, choice.procura, choice.filename)
            store_answers(app, body.get("data") or {}, self.request)
            for item in attachments:
                store_attachment(app, item, app.applicant_id)
            if body.get("submit") is True:
                submit_checked(app)
        except REFUSALS as exc:
            return refuse(self, exc)
        self.request.response.setStatus(201)
        self.request.response.setHeader("Location", app.absolute_url())
        return summary(app)

"""``GET /@istanze-tipologie``: the services a citizen can apply to (anonymous ok).

Published application types that are open now (``?include_closed=true``
also lists the published ones that are not yet open or already closed),
each with the JSON schema of its current form exactly as plone.restapi's
``@types/<portal_type>`` produces it, so a client renders and validates the
form without a second request. Types are few (tens): they are read from
their objects, because the schema needs the FTI anyway.
"""

from comune.istanze.conditions.rest import type_conditions
from comune.istanze.fees.fields import fee_info
from comune.istanze.interfaces import IApplicationType
from plone import api
from plone.restapi.serializer.converters import json_compatible
from plone.restapi.services import Service
from plone.restapi.types.utils import get_jsonschema_for_portal_type


TRUE = ("1", "true", "yes", "si", "sì")


def attachment_specs(type_obj) -> list:
    return [
        {
            "name": spec.get("name"),
            "required": bool(spec.get("required")),
            "mime_types": [e.strip() for e in (spec.get("mime_types") or "").split(",") if e.strip()],
            "max_size_mb": spec.get("max_size_mb"),
            "signature_required": bool(spec.get("signature_required")),
            "signer_applicant": bool(spec.get("signature_required") and spec.get("signer_applicant")),
        }
        for spec in type_obj.attachments or []
    ]


def type_info(type_obj, request) -> dict:
    portal = api.portal.get()
    portal_type = type_obj.published_type
    return {
        "@id": type_obj.absolute_url(),
        "title": type_obj.Title(),
        "description": type_obj.Description(),
        "code": type_obj.code,
        "portal_type": portal_type,
        "office": type_obj.office,
        "opening": json_compatible(type_obj.opening),
        "closing": json_compatible(type_obj.closing),
        "is_open": type_obj.is_open(),
        "min_loa": type_obj.min_loa,
        "applicant_kinds": list(type_obj.applicant_kinds or ["self"]),
        "one_per_person": bool(type_obj.one_per_person),
        "attachments": attachment_specs(type_obj),
        "form_version": type_obj.current_form_version,
        "fee": fee_info(type_obj),
        "schema": get_jsonschema_for_portal_type(portal_type, portal, request),
        "conditions": type_conditions(type_obj),  # istanze:show-when, for headless clients
    }


class ApplicationTypes(Service):
    """Open (or all published) application types with their form schema."""

    def reply(self) -> list:
        include_closed = (self.request.form.get("include_closed") or "").lower() in TRUE
        brains = api.portal.get_tool("portal_catalog")(
            object_provides=IApplicationType.__identifier__,
            review_state="published",
            sort_on="sortable_title",
        )
        result = []
        for brain in brains:
            type_obj = brain.getObject()
            if not type_obj.published_type:
                continue
            if include_closed or type_obj.is_open():
                result.append(type_info(type_obj, self.request))
        return result

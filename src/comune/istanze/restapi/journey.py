"""What a headless front end (Volto, a mobile app) needs between creating a
draft (``POST <type>/@istanze``) and submitting it (``@istanze-invia``).

- ``GET <type>/@istanze-tipologia``: one type's description (the same entry
  ``@istanze-tipologie`` lists: window, attachments, fee, JSON schema);
- ``GET <draft>/@istanze-passi``: the draft's steps, from its *own* form
  version, in the order of the web form (``comune.istanze.forms.steps``),
  each field with its JSON schema (plone.restapi's own field serialisers);
- ``POST <draft>/@istanze-risposte`` ``{"data": {...}}``: save the answers
  of a step; a refusal lists every bad field (``error.errors``), each with
  its step, in the request's language (Italian, or English with
  ``Accept-Language: en``); nothing is stored when one value is bad;
- ``GET <app>/@istanze-riepilogo``: the review (answers as the receipt shows
  them, attachments, what still prevents submission, with its step) and,
  once submitted, the receipt's URL when it is ready.
"""

from comune.istanze.conditions.rest import app_steps
from comune.istanze.backoffice import audit
from comune.istanze.content.fti import version_schema
from comune.istanze.documents.attachments import attachments_of
from comune.istanze.documents.receipt import RECEIPT_KIND
from comune.istanze.documents.store import current_document
from comune.istanze.fees.fields import fee_info
from comune.istanze.forms.steps import step_of_field
from comune.istanze.forms.steps import steps_for
from comune.istanze.restapi.application import answers
from comune.istanze.restapi.attachments import check_editable
from comune.istanze.restapi.errors import read_body
from comune.istanze.restapi.errors import REFUSALS
from comune.istanze.restapi.errors import refuse
from comune.istanze.restapi.errors import text
from comune.istanze.restapi.payload import attachment_info
from comune.istanze.restapi.payload import store_answers
from comune.istanze.restapi.tipologie import attachment_specs
from comune.istanze.restapi.tipologie import type_info
from comune.istanze.workflow.submission import missing_answers
from comune.istanze.workflow.submission import missing_attachments
from plone import api
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.interfaces import IJsonCompatible
from plone.restapi.services import Service
from plone.restapi.types.utils import get_fieldsets
from plone.restapi.types.utils import get_jsonschema_properties
from zope.interface import alsoProvides


def field_schemas(app, request) -> dict:
    """``{name: JSON schema}`` of the fields of ``app``'s own form version."""
    schema, _model = version_schema(app.application_type(), app.form_version)
    fieldsets = get_fieldsets(app, request, schema)
    return IJsonCompatible(get_jsonschema_properties(app, request, fieldsets))


def steps_info(app, request) -> list:
    schema, _model = version_schema(app.application_type(), app.form_version)
    properties = field_schemas(app, request)
    result = []
    for step in steps_for(app):
        info = {"name": step.name, "title": text(step.label, request), "kind": step.kind}
        if step.kind == "fields":
            info["fields"] = [
                {"name": name, "required": bool(schema[name].required), "schema": properties.get(name, {})}
                for name in step.fields
            ]
        elif step.kind == "attachments":
            info["attachments"] = attachment_specs(app.application_type())
        elif step.kind == "applicant":
            info["applicant_kinds"] = list(app.application_type().applicant_kinds or ["self"])
        result.append(info)
    return result


def problems(app, request) -> list:
    """What prevents submission, each with the step where it is fixed."""
    return [
        {"field": field, "step": step_of_field(app, field), "message": text(message, request)}
        for field, message in missing_answers(app) + missing_attachments(app)
    ]


def review_info(app, request) -> dict:
    state = api.content.get_state(app)
    receipt = current_document(app, RECEIPT_KIND) if state != "draft" else None
    todo = problems(app, request) if state == "draft" else []
    return {
        "@id": app.absolute_url(),
        "review_state": state,
        "number": app.number,
        "answers": answers(app),
        "attachments": [attachment_info(app, a) for a in attachments_of(app)],
        "problems": todo,
        "ready": state == "draft" and not todo,
        "fee": fee_info(app.application_type()),
        "submit": f"{app.absolute_url()}/@istanze-invia" if state == "draft" else None,
        "receipt": f"{app.absolute_url()}/@@ricevuta-pdf" if receipt is not None else None,
    }


class TypeGet(Service):
    """One published type, as ``@istanze-tipologie`` describes it."""

    def reply(self) -> dict:
        return type_info(self.context, self.request)


class StepsGet(Service):
    """The draft's steps with the JSON schema of each field."""

    def reply(self) -> dict:
        self.request.response.setHeader("Cache-Control", "private, no-store")
        app = self.context
        # the conditions' view of the same form: "sequence" (the steps that
        # apply now) and "fieldsets" (every group, with ``applies`` and its
        # ``istanze:show-when``): comune.istanze.conditions.rest
        info = app_steps(app, self.request)
        info["fieldsets"] = info.pop("steps")
        info["steps"] = steps_info(app, self.request)
        return info


class AnswersPost(Service):
    """Save some answers of the draft; every bad field is reported."""

    def reply(self) -> dict:
        alsoProvides(self.request, IDisableCSRFProtection)
        app = self.context
        try:
            check_editable(app)
            body = read_body(self.request)
            names = store_answers(app, body.get("data") if "data" in body else {}, self.request)
        except REFUSALS as exc:
            result = refuse(self, exc)
            for item in result["error"].get("errors", []):
                item["step"] = step_of_field(app, item["field"])
            return result
        app.reindexObject(idxs=["modified"])
        return {"saved": names, "problems": problems(app, self.request)}


class ReviewGet(Service):
    """The review before submission; the receipt after."""

    def reply(self) -> dict:
        app = self.context
        self.request.response.setHeader("Cache-Control", "private, no-store")
        audit.record_staff_read(app, "read", "REST API @istanze-riepilogo", request=self.request)
        return review_info(app, self.request)

"""``GET <app-url>/@istanza``: one application, for its applicant or its staff.

Metadata, the answers rendered with the application's *own* form version
(:func:`comune.istanze.forms.rendering.render_answers`), the attachments
(never their bytes: a download URL) and the workflow history. The service
needs View on the application, which the workflow grants only to the
applicant (role Richiedente) and to the staff of its type: everybody else gets 401/403/404
before any of this is computed. A read by anybody but the applicant is
recorded in the type's audit log, as the back office page does; so is
plone.restapi's own serialization of an application (``GET <app-url>`` with
``Accept: application/json``, ``@search?fullobjects``), through
:class:`AuditedApplicationSerializer`.
"""

from Acquisition import aq_base
from comune.istanze.frontdesk import channel_of
from comune.istanze.frontdesk.drafts import frontdesk_info
from comune.istanze.backoffice import audit
from comune.istanze.documents.attachments import attachments_of
from comune.istanze.representation.display import as_json as representation_json
from comune.istanze.forms.rendering import render_answers
from comune.istanze.interfaces import IApplication
from comune.istanze.interfaces import IComuneIstanzeLayer
from comune.istanze.restapi.payload import attachment_info
from comune.istanze.workflow.custom import state_title
from comune.istanze.workflow.custom import workflow_id_of
from plone import api
from plone.restapi.interfaces import ISerializeToJson
from plone.restapi.serializer.dxcontent import SerializeToJson
from plone.restapi.serializer.converters import json_compatible
from plone.restapi.services import Service
from zope.component import adapter
from zope.i18n import translate
from zope.interface import implementer


def _value(value):
    """JSON form of a stored answer; files are described, not embedded."""
    filename = getattr(value, "filename", None)
    if filename is not None and hasattr(value, "getSize"):
        return {"filename": filename, "size": value.getSize()}
    try:
        return json_compatible(value)
    except Exception:  # an exotic stored value: its text is still shown
        return None


def answers(app) -> list:
    return [
        {
            "name": section.name,
            "label": section.label,
            "rows": [
                {"name": r.name, "title": r.title, "value": _value(r.value), "text": r.text}
                for r in section.rows
            ],
        }
        for section in render_answers(app)
    ]


def history(app, request) -> list:
    """Workflow history, oldest first (read directly: the DCWorkflow
    ``review_history`` variable is guarded by a reviewer permission)."""
    entries = (getattr(aq_base(app), "workflow_history", None) or {}).get(workflow_id_of(app), ())
    result = []
    for entry in entries:
        state = entry.get("review_state")
        title = state_title(app, state)  # the citizen's title in the app's own workflow
        result.append({
            "action": entry.get("action"),
            "actor": entry.get("actor"),
            "time": json_compatible(entry.get("time")),
            "comments": entry.get("comments") or "",
            "state": state,
            "state_title": translate(title, domain="comune.istanze", context=request),
        })
    return result


def application_info(app, request) -> dict:
    type_obj = app.application_type()
    state = api.content.get_state(app)
    return {
        "@id": app.absolute_url(),
        "id": app.getId(),
        "number": app.number,
        "title": app.Title(),
        "type": {"@id": type_obj.absolute_url(), "title": type_obj.Title(), "code": type_obj.code},
        "review_state": state,
        "review_state_title": translate(state_title(app, state), domain="comune.istanze",
                                        context=request),
        "form_version": app.form_version,
        "workflow_version": app.workflow_version,
        "created": json_compatible(app.created()),
        "modified": json_compatible(app.modified()),
        "submitted": json_compatible(app.submitted),
        "applicant": {
            "id": app.applicant_id,
            "name": app.applicant_name,
            "email": app.applicant_email,
            "kind": app.applicant_kind,
        },
        "beneficiary": {"fiscal_code": app.beneficiary_id, "name": app.beneficiary_name},
        "represented": {"name": app.represented_name, "tax_id": app.represented_tax_id},
        "representation": representation_json(app),
        "auth_method": app.auth_method,
        "loa": app.loa,
        "channel": channel_of(app),
        "frontdesk": frontdesk_info(app),
        "assignee": app.assignee,
        "answers": answers(app),
        "attachments": [attachment_info(app, a) for a in attachments_of(app)],
        "history": history(app, request),
    }


class ApplicationGet(Service):
    """The whole application as JSON."""

    def reply(self) -> dict:
        app = self.context
        self.request.response.setHeader("Cache-Control", "private, no-store")
        audit.record_staff_read(app, "read", "REST API @istanza", request=self.request)
        return application_info(app, self.request)


@implementer(ISerializeToJson)
@adapter(IApplication, IComuneIstanzeLayer)
class AuditedApplicationSerializer(SerializeToJson):
    """plone.restapi's content serializer, with the staff read in the log."""

    def __call__(self, *args, **kw):
        result = super().__call__(*args, **kw)
        audit.record_staff_read(self.context, "read", "REST API (contenuto)", request=self.request)
        return result

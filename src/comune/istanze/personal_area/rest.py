"""REST services of the personal area (plone.restapi), same data as the pages.

* ``GET /@area-personale``: identity, my applications with timeline and next
  action, unread messages count.
* ``GET /@messaggi``: my messages; ``POST <app>/@messaggi/<id>/letto`` marks
  one read.
* ``GET /@documenti``: my documents and attachments with download URLs.
* ``POST <app>/@integrazione``: ``{"text": ..., "files": [{"filename": ...,
  "data": <base64>}]}`` answers an integration request.

Refusals go through :mod:`comune.istanze.restapi.errors` (Italian, nothing
stored).
"""

from comune.istanze import _
from comune.istanze.messages.store import get_message
from comune.istanze.messages.store import mark_read
from comune.istanze.personal_area import data
from comune.istanze.personal_area.integration import MAX_FILES
from comune.istanze.personal_area.integration import MAX_MB
from comune.istanze.personal_area.integration import send_integration
from comune.istanze.restapi.errors import PayloadError
from comune.istanze.restapi.errors import read_body
from comune.istanze.restapi.errors import refuse
from comune.istanze.restapi.errors import REFUSALS
from comune.istanze.restapi.errors import text
from comune.istanze.restapi.payload import decode_base64
from comune.istanze.uploads.limits import MB
from comune.istanze.workflow.errors import NotAllowed
from plone import api
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.services import Service
from zope.interface import alsoProvides
from zope.interface import implementer
from zope.publisher.interfaces import IPublishTraverse


class PersonalService(Service):
    def setup(self):
        self.identity = data.me()
        data.personal_headers(self.request.response)
        return data.my_brains(self.identity.user_id)


def translated(value, request):
    """Translate the i18n messages inside the plain dicts of :mod:`.data`."""
    if isinstance(value, dict):
        return {k: translated(v, request) for k, v in value.items()}
    if isinstance(value, list):
        return [translated(v, request) for v in value]
    if hasattr(value, "domain"):  # an i18n Message
        return text(value, request)
    return value


class AreaGet(PersonalService):
    def reply(self):
        brains = self.setup()
        ident = self.identity
        messages = data.my_messages(brains)
        return translated({
            "@id": f"{api.portal.get().absolute_url()}/@area-personale",
            "identity": {"user_id": ident.user_id, "fiscal_code": ident.fiscal_code,
                         "first_name": ident.first_name, "last_name": ident.last_name,
                         "email": ident.email, "auth_method": ident.auth_method,
                         "loa": ident.loa},
            "items": data.my_applications(brains),
            "unread_messages": sum(1 for m in messages if m["unread"]),
        }, self.request)


class MessagesGet(PersonalService):
    def reply(self):
        items = translated(data.my_messages(self.setup()), self.request)
        return {"items": items, "items_total": len(items),
                "unread": sum(1 for m in items if m["unread"])}


class DocumentsGet(PersonalService):
    def reply(self):
        items = data.my_documents(self.setup())
        return {"items": items, "items_total": len(items)}


def check_applicant(service):
    identity = data.me()
    data.personal_headers(service.request.response)
    if identity.user_id != service.context.applicant_id:
        raise NotAllowed(_("Puoi leggere solo i messaggi delle tue istanze."))


@implementer(IPublishTraverse)
class MessageRead(Service):
    """``POST <app>/@messaggi/<id>/letto``."""

    params = ()

    def publishTraverse(self, request, name):
        self.params = (*self.params, name)  # the path after @messaggi
        return self

    def reply(self):
        alsoProvides(self.request, IDisableCSRFProtection)
        try:
            check_applicant(self)
            if len(self.params) != 2 or self.params[1] != "letto":
                raise PayloadError(_("Indirizzo non valido: usa @messaggi/<id>/letto."))
            msg = get_message(self.context, self.params[0])
            if msg is None or msg.direction != "out":
                exc = PayloadError(_("Messaggio non trovato."))
                exc.status = 404
                raise exc
        except REFUSALS as exc:
            return refuse(self, exc)
        mark_read(self.context, msg.id)
        return translated(data.message_row(self.context, msg), self.request)


def decode_files(items):
    """``[(filename, ReceivedFile)]``: each checked against the integration's
    file limit before decoding, decoded in chunks into a blob file."""
    if not isinstance(items, list):
        raise PayloadError(_("«files» deve essere un elenco."), field="files")
    if len(items) > MAX_FILES:
        raise PayloadError(_("Puoi allegare al massimo ${max} file.", mapping={"max": MAX_FILES}),
                           field="files")
    files = []
    for item in items:
        if not isinstance(item, dict):
            raise PayloadError(_("Ogni file deve essere un oggetto con «filename» e «data»."),
                               field="files")
        name = item.get("filename") if isinstance(item.get("filename"), str) else ""
        files.append((name, decode_base64(item.get("data"), MAX_MB * MB, name, "files")))
    return files


class IntegrationPost(Service):
    """``POST <app>/@integrazione``."""

    def reply(self):
        alsoProvides(self.request, IDisableCSRFProtection)
        data.personal_headers(self.request.response)
        try:
            body = read_body(self.request)
            msg = send_integration(self.context, body.get("text"),
                                   decode_files(body.get("files") or []))
        except REFUSALS as exc:
            return refuse(self, exc)
        self.request.response.setStatus(201)
        return {"message": data.message_row(self.context, msg),
                "review_state": api.content.get_state(self.context)}

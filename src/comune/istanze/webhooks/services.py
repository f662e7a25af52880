"""REST services of the webhooks.

On an application type (permission Manage integrations):

- ``GET @webhook-endpoints``: the type's receivers (never their secrets);
- ``POST @webhook-endpoints``: add one (``title``, ``url``, ``secret``,
  ``mode``, ``kinds``, ``enabled``), 201;
- ``PATCH @webhook-endpoints/<id>``: change it (a missing ``secret`` keeps it);
- ``DELETE @webhook-endpoints/<id>``: remove it, 204.

Events (permission Decide applications):

- ``GET @webhook-events`` on a type: its deliveries still open or failed;
  on an application: all its events with their deliveries;
- ``POST @webhook-events`` on an application, ``{"action": "replay",
  "event": <id>, "endpoint": <id>}``: deliver it again, same id (audited).
"""

from comune.istanze import _
from comune.istanze.backoffice.actions import ActionError
from comune.istanze.restapi.actions import ActionService
from comune.istanze.restapi.errors import read_body
from comune.istanze.restapi.errors import refuse
from comune.istanze.webhooks import delivery
from comune.istanze.webhooks import endpoints as ep
from comune.istanze.webhooks.listing import open_deliveries
from comune.istanze.webhooks.log import events_of
from comune.istanze.webhooks.log import find_event
from comune.istanze.workflow.errors import ApplicationError
from plone.protect.interfaces import IDisableCSRFProtection
from comune.istanze.restapi.traversal import PathService
from plone.restapi.services import Service
from zope.interface import alsoProvides


class NotFound(ApplicationError):
    status = 404


class EndpointsService(PathService):
    def url(self):
        return f"{self.context.absolute_url()}/@webhook-endpoints"

    def target(self):
        endpoint_id = self.params[0] if len(self.params) == 1 else None
        endpoint = ep.get_endpoint(self.context, endpoint_id) if endpoint_id else None
        if endpoint is None or endpoint.id == ep.SITE_ENDPOINT:
            raise NotFound(_("Sistema destinatario non trovato."))
        return endpoint

    def reply(self):
        alsoProvides(self.request, IDisableCSRFProtection)
        try:
            return self.answer()
        except ApplicationError as exc:
            return refuse(self, exc)

    def item(self, endpoint):
        return dict(ep.info(endpoint), **{"@id": f"{self.url()}/{endpoint.id}"})


class EndpointsGet(EndpointsService):
    def answer(self):
        if self.params:
            return self.item(self.target())
        items = [self.item(e) for e in ep.endpoints_of(self.context)]
        return {"@id": self.url(), "items": items, "items_total": len(items)}


class EndpointsPost(EndpointsService):
    def answer(self):
        if self.params:
            raise NotFound(_("Usa POST @webhook-endpoints per aggiungere un sistema."))
        endpoint = ep.add_endpoint(self.context, read_body(self.request))
        self.request.response.setStatus(201)
        return self.item(endpoint)


class EndpointsPatch(EndpointsService):
    def answer(self):
        endpoint = self.target()
        ep.edit_endpoint(self.context, endpoint, read_body(self.request))
        return self.item(endpoint)


class EndpointsDelete(EndpointsService):
    def answer(self):
        ep.remove_endpoint(self.context, self.target().id)
        self.request.response.setStatus(204)
        return None


class TypeEventsGet(Service):
    def reply(self):
        items = open_deliveries(self.context)
        return {"@id": f"{self.context.absolute_url()}/@webhook-events", "items": items,
                "items_total": len(items)}


class ApplicationEventsGet(Service):
    def reply(self):
        items = [delivery.event_info(self.context, r) for r in events_of(self.context)]
        return {"@id": f"{self.context.absolute_url()}/@webhook-events", "items": items,
                "items_total": len(items)}


class ApplicationEventsPost(ActionService):
    actions = {"replay": "replay"}
    refusals = (ActionError, ApplicationError)

    def replay(self, body):
        event, endpoint = body.get("event"), body.get("endpoint")
        self.message, _job = delivery.replay(self.context, event, endpoint)
        self.event = find_event(self.context, event)

    def result(self):
        from plone import api

        return {"message": api.portal.translate(self.message),
                "event": delivery.event_info(self.context, self.event)}

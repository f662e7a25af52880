"""``GET /@mie-istanze``: the current citizen's applications.

Read from catalog metadata only (no application is woken up), newest
first (by creation), optionally filtered by ``review_state`` (one or more), batched like
plone.restapi's own listings (``b_start``, ``b_size``, ``batching`` links).
"""

from comune.istanze.personal_area.data import own_state_title
from comune.istanze import _
from comune.istanze.identity import current_identity
from comune.istanze.interfaces import IApplication
from comune.istanze.restapi.batching import batched
from comune.istanze.restapi.errors import text
from plone import api
from plone.restapi.serializer.converters import json_compatible
from plone.restapi.services import Service
from zExceptions import Unauthorized
from zope.i18n import translate


class Titles:
    """Type and state titles, looked up once per request."""

    def __init__(self, request):
        self.request = request
        self.types = api.portal.get_tool("portal_types")
        self.wftool = api.portal.get_tool("portal_workflow")
        self._cache = {}

    def type_title(self, portal_type):
        key = ("type", portal_type)
        if key not in self._cache:
            fti = self.types.get(portal_type)
            self._cache[key] = fti.Title() if fti is not None else portal_type
        return self._cache[key]

    def state_title(self, state, portal_type):
        key = ("state", state)
        if key not in self._cache:
            title = self.wftool.getTitleForStateOnType(state, portal_type) or state
            self._cache[key] = translate(title, domain="comune.istanze", context=self.request)
        return self._cache[key]


def item(brain, titles: Titles) -> dict:
    return {
        "@id": brain.getURL(),
        "id": brain.getId,
        "number": brain.application_number,
        "title": brain.application_title or brain.Title,
        "type": brain.application_type,
        "type_title": titles.type_title(brain.portal_type),
        "portal_type": brain.portal_type,
        "review_state": brain.review_state,
        "review_state_title": own_state_title(brain) or titles.state_title(brain.review_state,
                                                                           brain.portal_type),
        "form_version": brain.form_version,
        "acting_for": brain.acting_for,
        "created": json_compatible(brain.created),
        "modified": json_compatible(brain.modified),
        "submitted": json_compatible(brain.application_submitted),
    }


class MyApplications(Service):
    """Applications whose applicant is the current user."""

    def reply(self) -> dict:
        identity = current_identity()
        if identity is None:
            raise Unauthorized(text(_("Per vedere le tue istanze occorre accedere."), self.request))
        self.request.response.setHeader("Cache-Control", "private, no-store")
        query = {
            "object_provides": IApplication.__identifier__,
            "applicant_id": identity.user_id,
        }
        states = self.request.form.get("review_state")
        if states:
            query["review_state"] = states if isinstance(states, list) else [states]
        # The created *index* has minute resolution: sort on the metadata
        # (one citizen's applications are few, and no object is woken).
        brains = sorted(api.portal.get_tool("portal_catalog")(**query),
                        key=lambda brain: brain.created, reverse=True)
        titles = Titles(self.request)
        return batched(self.request, brains, lambda brain: item(brain, titles))

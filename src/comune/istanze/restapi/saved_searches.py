"""``@scrivania-ricerche``: a staff member's saved inbox searches.

* ``GET``: ``{"items": [{"name", "filters"}]}`` (the caller's own only);
* ``POST`` ``{"action": "save", "name", "filters": {...}}`` or
  ``{"action": "delete", "name"}``: the same rules as the inbox page.
"""

from comune.istanze import _
from comune.istanze.backoffice import inbox
from comune.istanze.backoffice import saved_filters
from comune.istanze.backoffice.actions import ActionError
from comune.istanze.backoffice.views import FILTER_KEYS
from comune.istanze.restapi.actions import ActionService
from plone import api
from comune.istanze.restapi.errors import refuse
from plone.restapi.services import Service


def _check_staff(context):
    types = inbox.workable_types(context)
    if not types:
        raise ActionError(_("Nessuna tipologia di istanza da lavorare."), 403)
    return types


def _listing():
    return {"items": saved_filters.saved_for(api.portal.get(), api.user.get_current().getId())}


class SavedSearchesGet(Service):
    def reply(self):
        try:
            _check_staff(self.context)
        except ActionError as exc:
            return refuse(self, exc)
        return _listing()


class SavedSearchesPost(ActionService):
    actions = {"save": "save", "delete": "delete"}
    refusals = (ActionError, saved_filters.SavedFilterError, inbox.FilterError)

    def reply(self):
        try:
            _check_staff(self.context)  # before reading the body: no hint to others
        except ActionError as exc:
            return refuse(self, exc)
        return super().reply()

    def save(self, body):
        types = inbox.workable_types(self.context)
        filters = body.get("filters")
        if not isinstance(filters, dict):
            raise ActionError(_("«filters» deve essere un oggetto con i filtri della scrivania."))
        filters = {k: str(filters.get(k) or "") for k in FILTER_KEYS}
        inbox.build_query(filters, list(types))
        saved_filters.save(api.portal.get(), api.user.get_current().getId(),
                           str(body.get("name") or ""), filters, FILTER_KEYS)

    def delete(self, body):
        saved_filters.delete(api.portal.get(), api.user.get_current().getId(),
                             str(body.get("name") or ""))

    def result(self):
        return _listing()

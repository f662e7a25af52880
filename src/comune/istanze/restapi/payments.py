"""``GET /@pagamenti`` and ``GET <type>/@pagamenti``: the office's payments.

Same filters and rules as ``@@pagamenti`` (type, state, from, to, text;
staff who work the type, 404 for anyone else): totals by state and the
applications' rows, batched, from catalog metadata only.
"""

from comune.istanze import _
from comune.istanze.backoffice import actions
from comune.istanze.backoffice import inbox
from comune.istanze.backoffice import payments
from comune.istanze.restapi.errors import refuse
from plone.restapi.batching import HypermediaBatch
from plone.restapi.serializer.converters import json_compatible
from plone.restapi.services import Service


class Payments(Service):
    def reply(self):
        if not inbox.workable_types(self.context):
            return refuse(self, actions.ActionError(_("Pagina non trovata."), 404))
        filters = {key: self.request.form.get(key, "") for key in payments.FILTER_KEYS}
        try:
            brains = payments.search(filters, self.context)
        except inbox.FilterError as exc:
            return refuse(self, exc)
        batch = HypermediaBatch(self.request, brains)
        result = {"@id": batch.canonical_url, "items_total": batch.items_total,
                  "totals": payments.totals(brains),
                  "items": [json_compatible(payments.row(b)) for b in batch]}
        if batch.links:
            result["batching"] = batch.links
        return result

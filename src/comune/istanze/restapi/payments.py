"""``GET /@pagamenti`` and ``GET <type>/@pagamenti``: the office's payments.

Same filters and rules as ``@@pagamenti`` (type, state, from, to, text;
staff who work the type, 404 for anyone else): totals by state and the
applications' rows, batched, from catalog metadata only.
"""

from comune.istanze import _
from comune.istanze.backoffice import actions
from comune.istanze.backoffice import inbox
from comune.istanze.backoffice import payments
from comune.istanze.restapi.batching import batched
from comune.istanze.restapi.errors import refuse
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
        return batched(self.request, brains, payments.row, totals=payments.totals(brains))

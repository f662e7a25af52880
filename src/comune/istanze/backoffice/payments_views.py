"""``@@pagamenti`` (site and type) and its export ``@@pagamenti-esporta``.

Only staff who work at least one type (on a type: that type) see them;
anyone else gets "not found", as if the page did not exist. The site's
page also lists, to those who manage the integrations, the receipts and
flow rows for IUVs no payment owns.
"""

from comune.istanze.backoffice import inbox
from comune.istanze.backoffice import payments
from comune.istanze.integrations.pagopa.ledger import unmatched_items
from comune.istanze.integrations.pagopa.reconciliation import MISMATCH_TITLES
from plone import api
from plone.base.interfaces import IPloneSiteRoot
from plone.batching import Batch
from plone.protect.interfaces import IDisableCSRFProtection
from Products.Five.browser import BrowserView
from Products.statusmessages.interfaces import IStatusMessage
from zExceptions import BadRequest
from zExceptions import NotFound
from zope.interface import alsoProvides

from datetime import date


MANAGE = "comune.istanze: Manage integrations"
FORMATS = {
    "csv": ("text/csv; charset=utf-8", payments.to_csv),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
             payments.to_xlsx),
}


def staff_only(context):
    """The types the user works (404 when none)."""
    types = inbox.workable_types(context)
    if not types:
        raise NotFound("pagamenti")
    return types


def filters_of(request):
    return {key: request.form.get(key, "") for key in payments.FILTER_KEYS}


class PaymentsView(BrowserView):
    def __call__(self):
        self.types = staff_only(self.context)
        self.filters = filters_of(self.request)
        try:
            brains = payments.search(self.filters, self.context)
        except inbox.FilterError as exc:
            IStatusMessage(self.request).add(exc.message, "error")
            brains = []
        self.totals = payments.totals(brains)
        start = int(self.request.form.get("b_start", 0) or 0)
        self.batch = Batch(brains, inbox.PAGE_SIZE, start)
        return self.index()

    def rows(self):
        return [payments.row(b) for b in self.batch]

    def state_options(self):
        return [(key, title) for key, (title, _states) in payments.STATES.items()]

    def euro(self, cents):
        return f"{payments.euro(cents)}".replace(".", ",") + " €"

    def unmatched(self):
        if not IPloneSiteRoot.providedBy(self.context) or not api.user.has_permission(
                MANAGE, obj=self.context):
            return []
        return [dict(item, title=MISMATCH_TITLES.get(item["kind"], item["kind"]))
                for item in unmatched_items(self.context)]

    def export_url(self, fmt):
        from urllib.parse import urlencode

        query = urlencode(dict(self.filters, formato=fmt))
        return f"{self.context.absolute_url()}/@@pagamenti-esporta?{query}"


class PaymentsExport(BrowserView):
    def __call__(self):
        staff_only(self.context)
        fmt = self.request.form.get("formato", "csv")
        if fmt not in FORMATS:
            raise BadRequest("Formato non valido: usa csv o xlsx.")
        try:
            brains = payments.search(filters_of(self.request), self.context)
        except inbox.FilterError as exc:
            raise BadRequest(str(exc)) from None
        ctype, build = FORMATS[fmt]
        data = build(brains)
        response = self.request.response
        response.setHeader("Content-Type", ctype)
        response.setHeader("Content-Disposition",
                           f'attachment; filename="pagamenti-{date.today()}.{fmt}"')
        alsoProvides(self.request, IDisableCSRFProtection)  # the audit entries are the only write
        return data

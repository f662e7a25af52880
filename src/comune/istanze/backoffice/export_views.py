"""``@@esporta?formato=csv|xlsx|zip`` with the inbox filters (staff only)."""

from comune.istanze.backoffice import export
from comune.istanze.backoffice import inbox
from Products.Five.browser import BrowserView
from zExceptions import BadRequest
from zExceptions import Forbidden

from datetime import date


FORMATS = {
    "csv": ("text/csv; charset=utf-8", export.to_csv),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", export.to_xlsx),
    "zip": ("application/zip", export.to_zip),
}


class ExportView(BrowserView):
    def __call__(self):
        if not inbox.workable_types(self.context):
            raise Forbidden("Esportazione riservata al personale dell'ufficio.")
        fmt = self.request.form.get("formato", "csv")
        if fmt not in FORMATS:
            raise BadRequest("Formato non valido: usa csv, xlsx o zip.")
        from comune.istanze.backoffice.views import FILTER_KEYS

        filters = {k: self.request.form.get(k, "") for k in FILTER_KEYS}
        try:
            brains = inbox.search(filters, self.context)
        except inbox.FilterError as exc:
            raise BadRequest(str(exc))
        ctype, build = FORMATS[fmt]
        data = build(brains)
        response = self.request.response
        response.setHeader("Content-Type", ctype)
        response.setHeader("Content-Disposition", f'attachment; filename="istanze-{date.today()}.{fmt}"')
        from plone.protect.interfaces import IDisableCSRFProtection
        from zope.interface import alsoProvides

        alsoProvides(self.request, IDisableCSRFProtection)  # the audit entries are the only write
        return data

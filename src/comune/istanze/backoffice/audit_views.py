"""The Responsabile's view and CSV export of a type's audit log."""

from comune.istanze.backoffice import audit
from Products.Five.browser import BrowserView


class AuditView(BrowserView):
    def entries(self):
        return list(reversed(audit.entries(self.context)))[:1000]


class AuditCSV(BrowserView):
    def __call__(self):
        audit.record_export(self.context)
        response = self.request.response
        response.setHeader("Content-Type", "text/csv; charset=utf-8")
        response.setHeader("Content-Disposition",
                           f'attachment; filename="registro-accessi-{self.context.code}.csv"')
        return audit.to_csv(self.context)

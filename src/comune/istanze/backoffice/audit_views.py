"""The Responsabile's view and CSV export of a type's audit log.

Both only read: any method but GET/HEAD answers 405, and neither offers a
way to change the log (:mod:`comune.istanze.backoffice.audit` has none).
"""

from comune.istanze.backoffice import audit
from Products.Five.browser import BrowserView
from zExceptions import MethodNotAllowed


class ReadOnlyView(BrowserView):
    def check_method(self):
        if self.request.get("REQUEST_METHOD", "GET") not in ("GET", "HEAD"):
            self.request.response.setHeader("Allow", "GET, HEAD")
            raise MethodNotAllowed("Il registro degli accessi si può solo consultare.")


class AuditView(ReadOnlyView):
    def __call__(self):
        self.check_method()
        return self.index()

    def entries(self):
        return list(reversed(audit.entries(self.context)))[:1000]


class AuditCSV(ReadOnlyView):
    def __call__(self):
        self.check_method()
        audit.record_export(self.context, request=self.request)
        response = self.request.response
        response.setHeader("Content-Type", "text/csv; charset=utf-8")
        response.setHeader("Content-Disposition",
                           f'attachment; filename="registro-accessi-{self.context.code}.csv"')
        return audit.to_csv(self.context)

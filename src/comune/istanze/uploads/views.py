"""How a :class:`~comune.istanze.uploads.guard.RequestEntityTooLarge` is shown.

REST clients (``Accept: application/json``) get the JSON error of
:mod:`comune.istanze.restapi.errors`; browsers a short Italian page. Both
with HTTP 413.
"""

from html import escape
from plone.rest.interfaces import IAPIRequest
from zope.i18n import translate

import json


PAGE = """<!DOCTYPE html>
<html lang="it"><head><meta charset="utf-8"><title>{title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main style="max-width:40rem;margin:3rem auto;font-family:sans-serif">
<h1>{title}</h1><p>{message}</p>
<p><a href="javascript:history.back()">{back}</a></p></main></body></html>"""


class RequestTooLargeView:
    def __init__(self, context, request):
        self.context = context
        self.request = request

    def wants_json(self) -> bool:
        accept = self.request.getHeader("Accept", "") or ""
        return IAPIRequest.providedBy(self.request) or "application/json" in accept

    def __call__(self):
        from comune.istanze import _

        response = self.request.response
        response.setStatus(413)
        message = translate(self.context.message, context=self.request)
        if self.wants_json():
            response.setHeader("Content-Type", "application/json; charset=utf-8")
            return json.dumps({"error": {"type": "RequestEntityTooLarge", "message": message,
                                         "field": None}}, ensure_ascii=False)
        response.setHeader("Content-Type", "text/html; charset=utf-8")
        return PAGE.format(
            title=escape(translate(_("Richiesta troppo grande"), context=self.request)),
            message=escape(message),
            back=escape(translate(_("Torna alla pagina precedente"), context=self.request)))

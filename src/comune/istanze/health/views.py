"""``@@health`` (browser view) and ``@health`` (REST): the same report."""

from comune.istanze.health.checks import http_status
from comune.istanze.health.checks import report
from plone.restapi.services import Service
from Products.Five.browser import BrowserView

import json


def _strict(request):
    return request.form.get("strict") in ("1", "true", "si")


class HealthView(BrowserView):
    def __call__(self):
        result = report(self.context)
        response = self.request.response
        response.setStatus(http_status(result, _strict(self.request)))
        response.setHeader("Content-Type", "application/json")
        response.setHeader("Cache-Control", "no-store")
        return json.dumps(result)


class HealthGet(Service):
    def reply(self):
        result = report(self.context)
        self.request.response.setStatus(http_status(result, _strict(self.request)))
        self.request.response.setHeader("Cache-Control", "no-store")
        return result

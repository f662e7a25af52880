"""``@@conservazione`` and ``@conservazione``: the dry-run report for the office."""

from comune.istanze.retention import purge
from plone.restapi.services import Service
from plone.restapi.serializer.converters import json_compatible
from Products.Five.browser import BrowserView


class RetentionReport(BrowserView):
    def rows(self):
        return purge.report()

    def applying(self):
        return purge.settings().apply


class RetentionReportGet(Service):
    def reply(self):
        rows = purge.report()
        return json_compatible({"apply": purge.settings().apply, "items_total": len(rows),
                                "items": [{k: v for k, v in row.items()} for row in rows]})

"""REST services of the type exchange (editors only).

- ``GET <type>/@tipologia-xml``: the type's XML (``application/xml``; asked
  with ``Accept: application/json`` like every plone.restapi service);
- ``POST <folder>/@tipologia-import`` ``{"xml": "...", "mapping": {...},
  "publish": false}`` (or ``"library": "<name>"`` instead of ``xml``):
  201 with the new type, or 400 with ``problems`` (line, message) and
  ``references`` (key, label, value, options) to map and post again;
- ``GET <type>/@tipologia-versioni``: the definition versions;
  ``?da=1&a=2`` adds the unified diff between two.
"""

from comune.istanze import _
from comune.istanze.exchange.document import export_type
from comune.istanze.exchange.document import filename
from comune.istanze.exchange.importer import import_type
from comune.istanze.exchange.library import entry_bytes
from comune.istanze.exchange.validation import ImportRefused
from comune.istanze.exchange.validation import Problem
from comune.istanze.exchange.versions import definition_versions
from comune.istanze.exchange.versions import listing
from comune.istanze.exchange.versions import unified_diff
from comune.istanze.restapi.errors import PayloadError
from comune.istanze.restapi.errors import read_body
from comune.istanze.restapi.errors import refuse
from comune.istanze.restapi.errors import text
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.services import Service
from zope.interface import alsoProvides

import transaction


class TypeXML(Service):
    def render(self):
        response = self.request.response
        response.setHeader("Content-Type", "application/xml; charset=utf-8")
        response.setHeader("Content-Disposition",
                           f'attachment; filename="{filename(self.context)}"')
        return export_type(self.context)


def refusal_body(exc, request):
    """The JSON of an :class:`ImportRefused` (same shape as every refusal)."""
    return {"error": {
        "type": "ImportRefused",
        "message": text(_("Importazione non eseguita: nulla è stato creato."), request),
        "problems": [{"line": p.line, "message": text(p.message, request)}
                     for p in exc.problems],
        "references": [{"key": r.key, "label": text(r.label, request), "value": r.value,
                        "line": r.line, "options": [{"value": v, "title": t}
                                                    for v, t in r.options]}
                       for r in exc.references],
    }}


class ImportTypeService(Service):
    def reply(self):
        alsoProvides(self.request, IDisableCSRFProtection)  # as plone.restapi's own services
        try:
            body = read_body(self.request)
        except PayloadError as exc:
            return refuse(self, exc)
        mapping = body.get("mapping") or {}
        try:
            data = self._data(body)
            if not isinstance(mapping, dict) or not all(
                    isinstance(k, str) and isinstance(v, str) for k, v in mapping.items()):
                raise ImportRefused([Problem(_("«mapping» deve essere un oggetto di testi."))])
            obj = import_type(data, self.context, mapping, publish=body.get("publish") is True)
        except ImportRefused as exc:
            transaction.abort()
            self.request.response.setStatus(400)
            return refusal_body(exc, self.request)
        self.request.response.setStatus(201)
        return {"@id": obj.absolute_url(), "id": obj.getId(), "code": obj.code,
                "title": obj.Title(), "review_state": _state(obj)}

    def _data(self, body):
        if body.get("library"):
            try:
                return entry_bytes(str(body["library"]))
            except KeyError:
                raise ImportRefused([Problem(_("La libreria non ha una tipologia «${name}».",
                                               mapping={"name": str(body["library"])}))])
        if not isinstance(body.get("xml"), str):
            raise ImportRefused([Problem(_("Manca l'XML della tipologia («xml»)."))])
        return body["xml"].encode("utf-8")


def _state(obj):
    return obj.portal_workflow.getInfoFor(obj, "review_state", None)


class VersionsService(Service):
    def reply(self):
        versions = definition_versions(self.context) or {}
        result = {"versions": [dict(v, when=v["when"].isoformat()) for v in listing(self.context)]}
        old, new = self.request.form.get("da"), self.request.form.get("a")
        if old or new:
            try:
                old, new = int(old), int(new)
                if old not in versions or new not in versions:
                    raise ValueError
            except (TypeError, ValueError):
                self.request.response.setStatus(400)
                return {"error": {"type": "BadRequest", "message": text(
                    _("Indica due versioni esistenti («da» e «a»)."), self.request)}}
            result["diff"] = unified_diff(self.context, old, new)
        return result

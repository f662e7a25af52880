"""Editor pages of the type exchange.

- ``<type>/@@esporta-tipologia``: download the type's XML;
- ``<folder>/@@importa-tipologia``: upload or paste an XML (or a library
  entry), see the line-numbered problems, map the references this site
  lacks (one field a reference), import; nothing is created on a refusal;
- ``<folder>/@@libreria-tipologie``: the library of ready types, each with
  an «Importa» button (into this folder);
- ``<type>/@@versioni-tipologia``: definition versions and a diff of two;
- ``<site>/tipologia-1.xsd`` and ``<site>/workflow.xsd`` (which it imports):
  the XSD of the format (public).
"""

from comune.istanze import _
from comune.istanze.exchange.document import export_type
from comune.istanze.exchange.document import filename
from comune.istanze.exchange.document import XSD_PATH
from comune.istanze.exchange.importer import import_type
from comune.istanze.exchange.library import entries
from comune.istanze.exchange.library import entry_bytes
from comune.istanze.exchange.validation import ImportRefused
from comune.istanze.exchange.validation import Problem
from comune.istanze.exchange.versions import definition_versions
from comune.istanze.exchange.versions import diff_rows
from comune.istanze.exchange.versions import listing
from comune.istanze.workflow.definition import XSD_PATH as WORKFLOW_XSD
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from zope.i18n import translate


MAPPING_PREFIX = "mapping."
KEY_PREFIX = "mapping-key."


class ExportView(BrowserView):
    def __call__(self):
        response = self.request.response
        response.setHeader("Content-Type", "application/xml; charset=utf-8")
        response.setHeader("Content-Disposition",
                           f'attachment; filename="{filename(self.context)}"')
        return export_type(self.context)


class SchemaView(BrowserView):
    """The format's XSD; it imports ``workflow.xsd``, served beside it."""

    path = XSD_PATH

    def __call__(self):
        self.request.response.setHeader("Content-Type", "application/xml; charset=utf-8")
        with open(self.path, "rb") as fh:
            return fh.read()


class WorkflowSchemaView(SchemaView):
    path = str(WORKFLOW_XSD)


class ImportView(BrowserView):
    """Upload, paste or pick from the library; map; import."""

    index = ViewPageTemplateFile("templates/import.pt")
    refused = None
    created = None

    def __call__(self):
        self.source = ""
        self.library = self.request.form.get("library") or ""
        if self.request.method == "POST" and "form.button.import" in self.request.form:
            CheckAuthenticator(self.request)
            self._import()
        return self.index()

    def t(self, message):
        return translate(message, context=self.request)

    def _data(self):
        upload = self.request.form.get("file")
        if upload is not None and getattr(upload, "filename", None):
            data = upload.read()
            try:
                self.source = data.decode("utf-8")
            except UnicodeDecodeError:
                raise ImportRefused([Problem(_("Il file non è un XML in UTF-8."))])
            return data
        if self.library:
            try:
                return entry_bytes(self.library)
            except KeyError:
                raise ImportRefused([Problem(_("La libreria non ha questa tipologia."))])
        self.source = self.request.form.get("source") or ""
        return self.source.encode("utf-8")

    def _mapping(self):
        """{reference key: value}: each field ``mapping.N`` comes with its key in
        ``mapping-key.N`` (a key holds ":", which Zope reads in field names)."""
        form, mapping = self.request.form, {}
        for name, key in form.items():
            if name.startswith(KEY_PREFIX) and isinstance(key, str):
                value = form.get(MAPPING_PREFIX + name[len(KEY_PREFIX):])
                if isinstance(value, str):
                    mapping[key] = value
        return mapping

    def _import(self):
        try:
            self.created = import_type(self._data(), self.context, self._mapping(),
                                       publish=bool(self.request.form.get("publish")))
        except ImportRefused as exc:  # nothing written: plan() only reads, create() rolls back
            self.refused = exc
            self.request.response.setStatus(400)

    def problems(self):
        return [{"line": p.line, "message": self.t(p.message)} for p in self.refused.problems]

    def references(self):
        mapping = self._mapping()
        return [{"key": r.key, "name": f"{MAPPING_PREFIX}{i}", "key_name": f"{KEY_PREFIX}{i}",
                 "id": f"map-{i}", "label": self.t(r.label), "value": r.value, "line": r.line,
                 "options": r.options, "chosen": mapping.get(r.key)}
                for i, r in enumerate(self.refused.references)]


class LibraryView(BrowserView):
    index = ViewPageTemplateFile("templates/library.pt")

    def __call__(self):
        return self.index()

    def entries(self):
        return entries()


class VersionsView(BrowserView):
    index = ViewPageTemplateFile("templates/versions.pt")
    rows = None
    old = new = None

    def __call__(self):
        versions = definition_versions(self.context) or {}
        self.versions = listing(self.context)
        try:
            old, new = int(self.request.form.get("da", 0)), int(self.request.form.get("a", 0))
        except ValueError:
            old = new = 0
        if old in versions and new in versions:
            self.old, self.new = old, new
            self.rows = diff_rows(self.context, old, new)
        elif len(self.versions) >= 2:
            self.old, self.new = self.versions[1]["number"], self.versions[0]["number"]
            self.rows = diff_rows(self.context, self.old, self.new)
        return self.index()

    def when(self, value):
        return value.strftime("%d/%m/%Y %H:%M")

"""The staff pages of a type's workflow.

* ``<type>/@@flusso`` (staff who work the type): the flow as SVG with the
  number of applications in each state, the numbered text list of the
  transitions, the versions; the same block is on the type's ``@@scrivania``
  (:class:`FlowSummary`, a view the inbox template calls).
* ``<type>/@@flusso-modifica`` (editors): the definition as XML, checked
  before it is stored (Italian errors with the line; a refused text stores
  nothing), with the list of kinds and roles.
"""

from comune.istanze import _
from comune.istanze.workflow import custom
from comune.istanze.workflow import graph
from comune.istanze.workflow.definition import DefinitionError
from comune.istanze.workflow.definition import KINDS
from comune.istanze.workflow.definition import RESERVED
from comune.istanze.workflow.definition import STAFF_ROLES
from plone import api
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from zope.i18n import translate

import transaction


KIND_TITLES = {
    "submit": _("invio della domanda (richiedente)"),
    "request_integration": _("richiesta di integrazione (ufficio, con testo e termine)"),
    "reply_integration": _("risposta all'integrazione (richiedente)"),
    "accept": _("accoglimento, con il provvedimento"),
    "reject": _("diniego, con il provvedimento"),
    "withdraw": _("ritiro (richiedente)"),
    "close": _("archiviazione"),
    "office": _("passaggio interno dell'ufficio (registrato nel registro accessi)"),
}


def flow_data(type_obj, request=None):
    """What the graph page, the inbox block and ``GET @flusso`` show."""
    defn = custom.definition_of(type_obj)
    counts = graph.state_counts(type_obj, defn)
    title = translate(_("Flusso delle istanze «${title}»", mapping={"title": type_obj.Title()}),
                      context=request, target_language=None if request else "it")
    return {
        "version": custom.current_version(type_obj),
        "versions": sorted(custom.versions_of(type_obj).keys()),
        "states": [{"id": s.id, "title": s.title, "citizen_title": s.shown_to_citizen,
                    "count": counts.get(s.id, 0)} for s in defn.states],
        "transitions": graph.transition_rows(defn, request),
        "svg": graph.render_svg(defn, counts, title, request),
        "title": title,
    }


class FlowSummary(BrowserView):
    """The graph block (``@@flusso-grafico``), embedded in the type's pages."""

    index = ViewPageTemplateFile("templates/flow_block.pt")

    def __call__(self):
        self.flow = flow_data(self.context, self.request)
        return self.index()


class FlowView(FlowSummary):
    index = ViewPageTemplateFile("templates/flow.pt")

    def can_edit(self):
        return api.user.has_permission("Modify portal content", obj=self.context)


class FlowEditor(BrowserView):
    """Check and save the workflow XML; a refused text stores nothing."""

    index = ViewPageTemplateFile("templates/flow_editor.pt")
    error = None
    saved = unchanged = False

    def __call__(self):
        self.source = custom.definition_xml(self.context)
        if self.request.method == "POST" and "form.button.save" in self.request.form:
            CheckAuthenticator(self.request)
            self.source = self.request.form.get("source") or ""
            before = custom.current_version(self.context)
            try:
                version = custom.apply_definition(self.context, self.source)
            except DefinitionError as exc:
                transaction.doom()
                self.request.response.setStatus(400)
                self.error = translate(exc.message, context=self.request)
            else:
                self.saved = version != before
                self.unchanged = version == before
                self.source = custom.definition_xml(self.context)
        return self.index()

    def kinds(self):
        return [(kind, KIND_TITLES[kind]) for kind in KINDS]

    def reserved(self):
        return ", ".join(RESERVED)

    def roles(self):
        return ", ".join(STAFF_ROLES)

    def version(self):
        return custom.current_version(self.context)

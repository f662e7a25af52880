"""The «Sportello» pages of the operator.

* ``<site>/@@sportello``: identify the citizen present, choose the service,
  start the draft (then the usual ``@@compila`` steps); the operator's
  drafts not yet sent.
* ``<draft>/@@firma-sportello``: the citizen's signature on the summary,
  scanned or drawn on a tablet.
* ``<draft>/@@riepilogo-da-firmare.pdf``: the summary to print and sign.

Anonymous visitors are sent to log in; anyone who is not an operator (a
citizen, another operator on someone else's draft) gets a plain 404.
"""

from AccessControl import Unauthorized
from comune.istanze import _
from comune.istanze.browser.posting import start_or_render
from comune.istanze.documents.receipt import PDF_VARIANT
from comune.istanze.documents.receipt import receipt_html
from comune.istanze.documents.sniffing import UploadRejected
from comune.istanze.forms.steps import step_url
from comune.istanze.frontdesk import DOCUMENT_TYPES
from comune.istanze.frontdesk import FRONT_DESK
from comune.istanze.frontdesk import is_frontdesk
from comune.istanze.frontdesk import SPORTELLO
from comune.istanze.frontdesk import signature
from comune.istanze.frontdesk.drafts import operator_of
from comune.istanze.frontdesk.drafts import start_for_citizen
from comune.istanze.frontdesk.identification import FIELDS
from comune.istanze.frontdesk.identification import identify
from comune.istanze.uploads.limits import MB
from comune.istanze.uploads.streaming import from_upload
from comune.istanze.workflow.errors import ApplicationError
from plone import api
from plone.protect import CheckAuthenticator
from Products.CMFPlone.utils import safe_text
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from Products.statusmessages.interfaces import IStatusMessage
from weasyprint import HTML
from zExceptions import NotFound
from zope.i18n import translate


CITIZEN_FIELDS = (
    ("fiscal_code", _("Codice fiscale"), "text"),
    ("first_name", _("Nome"), "text"),
    ("last_name", _("Cognome"), "text"),
    ("email", _("Email (facoltativa, per le comunicazioni)"), "email"),
)
DOCUMENT_FIELDS = (
    ("document_number", _("Numero del documento"), "text"),
    ("document_issuer", _("Rilasciato da"), "text"),
    ("document_expiry", _("Data di scadenza"), "date"),
)


def desk_types():
    """Published, open types where the current user is an operator."""
    catalog = api.portal.get_tool("portal_catalog")
    found = []
    for brain in catalog.unrestrictedSearchResults(portal_type="ApplicationType",
                                                   review_state="published", sort_on="sortable_title"):
        type_obj = brain._unrestrictedGetObject()
        if api.user.has_permission(FRONT_DESK, obj=type_obj) and type_obj.is_open():
            found.append(type_obj)
    return found


def is_operator_somewhere():
    if api.user.is_anonymous():
        return False
    catalog = api.portal.get_tool("portal_catalog")
    return any(api.user.has_permission(FRONT_DESK, obj=b._unrestrictedGetObject())
               for b in catalog.unrestrictedSearchResults(portal_type="ApplicationType"))


def refuse_unless_operator():
    if api.user.is_anonymous():
        raise Unauthorized(FRONT_DESK)
    if not is_operator_somewhere():
        raise NotFound("sportello")


def my_desk_drafts():
    """Catalog brains of the front-desk drafts the current operator fills."""
    catalog = api.portal.get_tool("portal_catalog")
    return catalog.unrestrictedSearchResults(
        channel=SPORTELLO, review_state="draft",
        allowedRolesAndUsers="user:" + api.user.get_current().getId(),
        sort_on="modified", sort_order="descending")


class SportelloView(BrowserView):
    template = ViewPageTemplateFile("templates/sportello.pt")

    def __call__(self):
        refuse_unless_operator()
        self.errors = {}
        return start_or_render(self)

    def types(self):
        chosen = self.request.form.get("tipologia")
        return [{"uid": t.UID(), "title": t.title, "selected": t.UID() == chosen}
                for t in desk_types()]

    def document_types(self):
        chosen = self.request.form.get("document_type")
        return [{"value": v, "title": t, "selected": v == chosen} for v, t in DOCUMENT_TYPES]

    citizen_fields = CITIZEN_FIELDS
    document_fields = DOCUMENT_FIELDS

    def value(self, name):
        return safe_text(self.request.form.get(name, "") or "")

    def drafts(self):
        return my_desk_drafts()

    def start(self):
        messages = IStatusMessage(self.request)
        form = {name: self.request.form.get(name) for name in FIELDS}
        ident, self.errors = identify(form)
        type_obj = {t.UID(): t for t in desk_types()}.get(self.request.form.get("tipologia"))
        if type_obj is None:
            self.errors["tipologia"] = _("Scegli il servizio per cui presentare l'istanza.")
        if self.errors:
            messages.add(_("Correggi i dati evidenziati e riprova."), type="error")
            return None
        try:
            app = start_for_citizen(type_obj, ident)
        except ApplicationError as exc:
            messages.add(exc.message, type="error")
            return None
        messages.add(_("Bozza creata per ${name}: compila i passaggi con il cittadino.",
                       mapping={"name": ident.full_name}), type="info")
        return app.absolute_url() + "/@@compila"


def check_operator_draft(app):
    """The current user is the operator filling this front-desk draft."""
    if api.user.is_anonymous():
        raise Unauthorized(FRONT_DESK)
    if (not is_frontdesk(app) or api.content.get_state(app) != "draft"
            or api.user.get_current().getId() != operator_of(app)):
        raise NotFound(app.getId())


class SignatureView(BrowserView):
    template = ViewPageTemplateFile("templates/firma.pt")

    def __call__(self):
        check_operator_draft(self.context)
        self.error = None
        self.request.response.setHeader("Cache-Control", "private, no-store")
        if self.request.method == "POST":
            CheckAuthenticator(self.request)
            if self.store():
                IStatusMessage(self.request).add(_("Firma del cittadino acquisita."), type="info")
                self.request.response.redirect(step_url(self.context, "riepilogo"))
                return ""
        return self.template()

    def store(self):
        drawn = self.request.form.get("firma_disegnata")
        upload = self.request.form.get("scansione")
        try:
            if drawn:
                signature.store_drawing(self.context, drawn)
            elif getattr(upload, "filename", None):
                data = from_upload(upload, signature.SCAN_SPEC["max_size_mb"] * MB, signature.SPEC_NAME)
                signature.store_scan(self.context, data, upload.filename)
            else:
                self.error = _("Carica la scansione del riepilogo firmato oppure fai firmare "
                               "il cittadino sul tablet.")
                return False
        except UploadRejected as exc:
            self.error = exc.message
            return False
        return True

    def current(self):
        return signature.signature_of(self.context)

    def summary_url(self):
        return self.context.absolute_url() + "/@@riepilogo-da-firmare.pdf"

    def review_url(self):
        return step_url(self.context, "riepilogo")


class SummaryPdf(BrowserView):
    def __call__(self):
        check_operator_draft(self.context)
        data = HTML(string=receipt_html(self.context, summary=True)).write_pdf(pdf_variant=PDF_VARIANT)
        response = self.request.response
        response.setHeader("Content-Type", "application/pdf")
        response.setHeader("Content-Disposition", 'inline; filename="riepilogo-da-firmare.pdf"')
        response.setHeader("Cache-Control", "private, no-store")
        return data


PANEL = ViewPageTemplateFile("templates/review_panel.pt")


def review_panel(form):
    """The signature box of the review step (empty for online drafts)."""
    app = form.context
    if not is_frontdesk(app):
        return ""
    return PANEL(form, signed=signature.signature_of(app) is not None,
                 url=app.absolute_url() + "/@@firma-sportello")


def after_submission_url(app, request):
    """Where the operator goes once the application is sent (None online)."""
    if not is_frontdesk(app):
        return None
    IStatusMessage(request).add(translate(_(
        "Istanza inviata per conto di ${name}. Numero: ${number}. Il cittadino la trova "
        "nella sua area personale al prossimo accesso con SPID o CIE.",
        mapping={"name": app.applicant_name, "number": app.number}), context=request), type="info")
    return api.portal.get().absolute_url() + "/@@sportello"

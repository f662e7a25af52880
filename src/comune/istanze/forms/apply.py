"""``<type>/@@presenta-istanza``: the citizen starts an application.

GET shows the service's essentials, the citizen's drafts of this type and,
when the type admits several, the choice of the capacity in which the
citizen applies (for oneself, for a family member, for an association or
company, as a professional). POST (with the CSRF token) creates the draft
through :func:`comune.istanze.workflow.submission.create_draft` and sends the
citizen to its first step (``@@compila``). Refusals (window closed, level of
assurance too low, one per person...) are shown as Italian messages.
"""

from comune.istanze import _
from comune.istanze.browser.focus import focus_on_the_form
from comune.istanze.browser.posting import start_or_render
from comune.istanze.content.vocabularies import APPLICANT_KINDS
from comune.istanze.identity import current_identity
from comune.istanze.integrations.spid import login_url as spid_login_url
from comune.istanze.signatures.display import signature_hint
from comune.istanze.representation import choice as representation_choice
from comune.istanze.representation.model import attach as attach_representation
from comune.istanze.workflow import submission
from comune.istanze.workflow.errors import ApplicationError
from comune.istanze.workflow.errors import LevelTooLow
from plone import api
from Products.CMFPlone.utils import safe_text
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from Products.statusmessages.interfaces import IStatusMessage
from stdnum.it import codicefiscale


KIND_TITLES = {**dict(APPLICANT_KINDS), **representation_choice.CITIZEN_TITLES}


def valid_fiscal_code(value):
    return codicefiscale.is_valid((value or "").strip().upper())


def my_drafts(type_obj, user_id):
    """Catalog brains of the user's drafts of ``type_obj`` (newest first)."""
    if not type_obj.published_type or not user_id:
        return []
    catalog = api.portal.get_tool("portal_catalog")
    return catalog(
        portal_type=type_obj.published_type,
        path="/".join(type_obj.getPhysicalPath()),
        applicant_id=user_id,
        review_state="draft",
        sort_on="modified",
        sort_order="descending",
    )


class ApplyView(BrowserView):
    signature_hint = staticmethod(signature_hint)  # "firma digitale richiesta" under an attachment
    """Start an application of this type."""

    template = ViewPageTemplateFile("templates/apply.pt")

    def __call__(self):
        self.errors = {}
        self.level_too_low = False
        self.identity = current_identity()
        focus_on_the_form(self.request)
        return start_or_render(self)

    # -- what the template shows -------------------------------------------

    def representation_macros(self):
        return representation_choice.MACROS.macros

    def kinds(self):
        allowed = self.context.applicant_kinds or ["self"]
        chosen = self.request.form.get("applicant_kind") or allowed[0]
        return [
            {"value": k, "title": KIND_TITLES.get(k, k), "checked": k == chosen}
            for k in allowed
        ]

    def several_kinds(self):
        return len(self.context.applicant_kinds or ["self"]) > 1

    def is_open(self):
        return self.context.is_open()

    def window(self):
        fmt = "%d/%m/%Y %H:%M"
        opening, closing = self.context.opening, self.context.closing
        return {
            "opening": opening.strftime(fmt) if opening else "",
            "closing": closing.strftime(fmt) if closing else "",
        }

    def drafts(self):
        return my_drafts(self.context, self.identity and self.identity.user_id)

    def value(self, name):
        return safe_text(self.request.form.get(name, "") or "")

    def login_url(self):
        """A new SPID/CIE login at the type's minimum level, back to this page."""
        return spid_login_url(
            api.portal.get().absolute_url(),
            level=self.context.min_loa,
            came_from=self.context.absolute_url() + "/@@presenta-istanza",
        )

    # -- starting the draft -------------------------------------------------

    def _kind_details(self, kind):
        """(beneficiary, represented) for ``kind``; fills ``self.errors``."""
        beneficiary, represented = {}, {}
        if kind == "family":
            cf = self.value("beneficiary_id").strip().upper()
            name = self.value("beneficiary_name").strip()
            if not valid_fiscal_code(cf):
                self.errors["beneficiary_id"] = _(
                    "Il codice fiscale del familiare non è valido: controlla i 16 caratteri."
                )
            if not name:
                self.errors["beneficiary_name"] = _("Indica nome e cognome del familiare.")
            beneficiary = {"fiscal_code": cf, "name": name}
        elif kind in ("association", "professional"):
            self.choice = representation_choice.from_form(
                self.context, kind, self.request.form, self.errors)
            represented = self.choice.represented
        return beneficiary, represented

    choice = representation_choice.Choice()

    def start(self):
        allowed = self.context.applicant_kinds or ["self"]
        kind = self.request.form.get("applicant_kind") or allowed[0]
        messages = IStatusMessage(self.request)
        if kind not in allowed:
            messages.add(_("Scegli in quale veste presenti l'istanza."), type="error")
            return None
        beneficiary, represented = self._kind_details(kind)
        if self.errors:
            messages.add(_("Correggi i dati evidenziati e riprova."), type="error")
            return None
        try:
            app = submission.create_draft(
                self.context, applicant_kind=kind,
                beneficiary=beneficiary, represented=represented,
            )
            attach_representation(app, self.choice.representation, self.choice.procura,
                                  self.choice.filename)
        except LevelTooLow as exc:
            self.level_too_low = True
            messages.add(exc.message, type="error")
            return None
        except ApplicationError as exc:
            if exc.field:
                self.errors[exc.field] = exc.message
            messages.add(exc.message, type="error")
            return None
        messages.add(
            _("Bozza creata: compila i passaggi. Puoi salvarla e riprenderla quando vuoi."),
            type="info",
        )
        return app.absolute_url() + "/@@compila"


class MyDraftsView(ApplyView):
    """``<type>/@@le-mie-bozze``: the citizen's drafts of this type."""

    template = ViewPageTemplateFile("templates/my_drafts.pt")

    def __call__(self):
        self.identity = current_identity()
        return self.template()

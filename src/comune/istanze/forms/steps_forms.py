"""The z3c.form forms of the steps of ``@@compila``.

Every step offers "Indietro", "Salva bozza" and "Avanti". "Avanti" validates
the step; "Salva bozza" and "Indietro" store what is valid without requiring
completeness (completeness is checked once, on submission, by
:mod:`comune.istanze.workflow.submission`). Values that do not validate are
never stored.

The draft's modification date (catalogued: «Le mie bozze» shows it and
lists drafts newest first) is brought up to date by «Salva bozza» always,
by the other buttons only when it is older than :data:`TOUCH_SECONDS`:
a citizen going through the steps does not rewrite the draft's catalog
entry (metadata and ``modified`` index, a write every concurrent citizen
makes at a deadline) at every step, and the date shown is at most five
minutes behind; the submission catalogs the whole application again.
"""

from comune.istanze import _
from comune.istanze.conditions.web import ConditionalStep
from comune.istanze.content.fti import version_schema
from comune.istanze.forms import validators
from comune.istanze.forms.english import field_texts
from comune.istanze.documents.sniffing import check_upload
from comune.istanze.documents.sniffing import UploadRejected
from comune.istanze.identity import current_identity
from comune.istanze.identity import Identity
from comune.istanze.uploads.streaming import StoredFile
from plone.namedfile.interfaces import INamedFile
from plone.protect import CheckAuthenticator
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from Products.statusmessages.interfaces import IStatusMessage
from z3c.form import button
from z3c.form import field
from z3c.form import form
from z3c.form.error import ErrorViewTemplateFactory
from z3c.form.interfaces import DISPLAY_MODE
from z3c.form.interfaces import IErrorViewSnippet
from z3c.form.interfaces import NOT_CHANGED
from zope import schema
from zope.component import getMultiAdapter
from zope.interface import Interface
from zope.interface import Invalid
from zope.schema.interfaces import RequiredMissing

import os
import time


STEP_MACROS = ViewPageTemplateFile("templates/step_macros.pt")
# File fields inside the form itself (e.g. imported from collective.easyform)
# have no attachment spec: they get these limits, checked by content.
FORM_FILE_TYPES = "pdf, jpg, png, p7m"
FORM_FILE_MAX_MB = 10
TOUCH_SECONDS = 300  # a step's «Avanti»/«Indietro» updates an older modification date


def check_fiscal_code(value):
    validators.fiscal_code.validate(value)
    return True


def check_email(value):
    validators.Email().validate(value)
    return True


class IApplicantStep(Interface):
    first_name = schema.TextLine(title=_("Nome"), required=True)
    last_name = schema.TextLine(title=_("Cognome"), required=True)
    fiscal_code = schema.TextLine(
        title=_("Codice fiscale"), required=True, min_length=16, max_length=16,
        constraint=check_fiscal_code,
    )
    email = schema.TextLine(
        title=_("Email"),
        description=_("Riceverai qui la ricevuta e le comunicazioni sull'istanza."),
        required=True,
        constraint=check_email,
    )


class StepForm(form.Form):
    """Base of every step: navigation buttons and partial saving."""

    template = ViewPageTemplateFile("templates/step_form.pt")
    ignoreContext = False
    enctype = "multipart/form-data"
    # Plone's CSRF token is in the template; handlers check it explicitly.
    going_to = None  # the step to show after this post (set by _go)
    fresh = False  # shown after another step's post: the request is not its own
    saving = False  # «Salva bozza»: the modification date is always brought up to date

    def __init__(self, context, request, wizard):
        super().__init__(context, request)
        self.wizard = wizard
        self.step = wizard.current
        self.prefix = "form"

    @property
    def action(self):
        return self.wizard.action()

    def update(self):
        if not self.fresh:
            return super().update()
        # The page of the step an earlier step's post went to: the stored
        # values, and the posted buttons are not this form's.
        self.ignoreRequest = True
        form.BaseForm.update(self)
        self.updateActions()

    def getContent(self):
        return {}

    def store(self, data):
        """Write valid values on the draft."""
        for name, value in data.items():
            setattr(self.context, name, value)

    def _touch(self):
        """Bring the draft's modification date up to date (module docstring)."""
        app = self.context
        modified = app.modified()
        if not self.saving and modified and time.time() - modified.timeTime() < TOUCH_SECONDS:
            return
        app.setModificationDate()
        app.reindexObject(idxs=["modified"])

    def save_step(self, complete):
        """Store the step; True when it is fine.

        ``complete`` (button "Avanti"): every field must validate, otherwise
        nothing is stored. Otherwise (a draft being saved) the valid values
        are stored and only invalid ones (not merely missing) are errors.
        """
        from comune.istanze.fees.pay_and_submit import check_editable

        check_editable(self.context)  # answers frozen once «Paga e invia» asked the fee
        data, errors = self.extractData()
        data = {k: v for k, v in data.items() if v is not NOT_CHANGED}
        rejected = self.check_data(data)
        for name in rejected:
            data.pop(name, None)
        if complete and (errors or rejected):
            return False
        if data:
            self.store(data)
            self.wizard.refresh()
        self._touch()
        return not rejected and not [e for e in errors if not isinstance(e.error, RequiredMissing)]

    def check_data(self, data):
        """Names of values refused beyond field validation (errors set on widgets)."""
        return []

    def field_error(self, name, message):
        """Show ``message`` on the widget of field ``name``."""
        widget = self.widgets[name]
        snippet = getMultiAdapter(
            (Invalid(message), self.request, widget, widget.field, self, self.getContent()),
            IErrorViewSnippet,
        )
        snippet.update()
        widget.error = snippet
        self.widgets.errors += (snippet,)

    def _go(self, step, message=None):
        """Show ``step`` in this response (see ``CompilaView``)."""
        if message:
            IStatusMessage(self.request).add(message, type="info")
        self.wizard.remember(step)
        self.going_to = step

    def step_macros(self):
        return STEP_MACROS.macros

    def render(self):
        describe_errors(self.widgets.values())
        return super().render()

    def condition_of(self, widget):
        """Attributes of a widget's wrapper (conditions: see FieldsetStepForm)."""
        return {}

    def known_answers(self):
        return None

    @button.buttonAndHandler(
        _("Indietro"), name="back", condition=lambda form: form.wizard.previous is not None
    )
    def handle_back(self, action):
        CheckAuthenticator(self.request)
        if not self.save_step(complete=False):
            self.status = _("Alcuni valori non sono validi: correggili o cancellali prima di tornare indietro.")
            return
        self._go(self.wizard.previous)

    @button.buttonAndHandler(_("Salva bozza"), name="save")
    def handle_save(self, action):
        CheckAuthenticator(self.request)
        self.saving = True
        ok = self.save_step(complete=False)
        self.wizard.remember(self.step)
        if not ok:
            self.status = _(
                "Bozza salvata, tranne i valori non validi evidenziati: correggili "
                "e salva di nuovo."
            )
            return
        self._go(
            self.step,
            _(
                "Bozza salvata. Non è ancora stata inviata: puoi completarla anche in "
                "un secondo momento da «Le mie bozze»."
            ),
        )

    @button.buttonAndHandler(
        _("Avanti"), name="next", condition=lambda form: form.wizard.next is not None
    )
    def handle_next(self, action):
        CheckAuthenticator(self.request)
        if not self.save_step(complete=True):
            self.status = _("Controlla i campi evidenziati: alcuni dati mancano o non sono validi.")
            return
        self._go(self.wizard.next)


class ApplicantStepForm(StepForm):
    """Step "Richiedente": identity data, locked when it comes from SPID/CIE."""

    fields = field.Fields(IApplicantStep)
    description = _(
        "I dati che provengono da SPID, CIE o CNS non sono modificabili."
    )

    def getContent(self):
        """Stored values, else the applicant's identity (never someone else's)."""
        app, identity = self.context, current_identity()
        if identity is None or identity.user_id != app.applicant_id:
            first, _sep, last = (app.applicant_name or "").partition(" ")
            # With SPID/CIE the user id is the codice fiscale.
            cf = app.applicant_id if "fiscal_code" in (app.locked_fields or ()) else ""
            identity = Identity(app.applicant_id, cf, first, last, "", "", "")
        return {
            "first_name": getattr(app, "applicant_first_name", None) or identity.first_name,
            "last_name": getattr(app, "applicant_last_name", None) or identity.last_name,
            "fiscal_code": getattr(app, "applicant_fiscal_code", None) or identity.fiscal_code or None,
            "email": app.applicant_email or identity.email or None,
        }

    def updateWidgets(self):
        # Fresh field objects: the class-level ones are shared by all requests.
        self.fields = field.Fields(IApplicantStep)
        locked = set(self.context.locked_fields or ())
        for name in self.fields:
            if name in locked:
                self.fields[name].mode = DISPLAY_MODE
        super().updateWidgets()

    def store(self, data):
        app = self.context
        locked = set(app.locked_fields or ())
        data = {k: v for k, v in data.items() if k not in locked}
        if "first_name" in data:
            app.applicant_first_name = data["first_name"].strip()
        if "last_name" in data:
            app.applicant_last_name = data["last_name"].strip()
        if "fiscal_code" in data:
            app.applicant_fiscal_code = data["fiscal_code"].strip().upper()
        if "email" in data:
            app.applicant_email = data["email"].strip()
        content = self.getContent()
        full = f"{content['first_name'] or ''} {content['last_name'] or ''}".strip()
        if full and full != app.applicant_name:
            app.applicant_name = full
        app.reindexObject(idxs=["applicant_name", "applicant_words"])

    def represented(self):
        """Beneficiary / represented entity, shown read-only."""
        app, rows = self.context, []
        if app.beneficiary_id:
            rows.append((_("Beneficiario"), f"{app.beneficiary_name or ''} ({app.beneficiary_id})"))
        if app.represented_tax_id:
            rows.append((_("Per conto di"), f"{app.represented_name or ''} ({app.represented_tax_id})"))
        return rows


def describe_errors(widgets):
    """Link each field in error to its message (``forms/templates/error.pt``
    gives the message the id ``<widget id>-error``): screen readers read the
    message when the field gets the focus."""
    for widget in widgets:
        if widget.error is None or widget.mode == DISPLAY_MODE:
            continue
        attributes = widget.attributes
        attributes["aria-invalid"] = "true"
        described = (attributes.get("aria-describedby") or "").split()
        if f"{widget.id}-error" not in described:
            attributes["aria-describedby"] = " ".join([f"{widget.id}-error", *described])


ErrorViewTemplate = ErrorViewTemplateFactory(
    os.path.join(os.path.dirname(__file__), "templates", "error.pt"), "text/html"
)


INPUT_MODES = {"Int": "numeric", "Float": "decimal", "Decimal": "decimal"}


class FieldsetStepForm(ConditionalStep, StepForm):
    """One fieldset of the draft's own form version (fields that do not
    apply: :mod:`comune.istanze.conditions.web`)."""

    buttons = StepForm.buttons + ConditionalStep.buttons
    handlers = StepForm.handlers + ConditionalStep.handlers

    def update(self):
        schema, _model = version_schema(self.context.application_type(), self.context.form_version)
        self.fields = field.Fields(schema).select(*self.step.fields)
        super().update()

    def updateWidgets(self, prefix=None):
        super().updateWidgets(prefix)
        # Phones show the number pad for numbers (the value stays text: "9.000,50").
        language = self.wizard.language
        for widget in self.widgets.values():
            if language != "it":
                widget.label, widget.description = field_texts(
                    widget.field.interface, widget.field.__name__, language)
            mode = INPUT_MODES.get(type(widget.field).__name__)
            if mode:
                widget.attributes["inputmode"] = mode  # the widget's own cached dict
            if self.anpr_note(widget):  # the value came from ANPR: say so to screen readers
                widget.attributes["aria-describedby"] = f"{widget.id}-anpr"

    def anpr_note(self, widget):
        from comune.istanze.integrations.anpr.draft import note

        return note(widget, self.context)

    def getContent(self):
        from Acquisition import aq_base

        base = aq_base(self.context)
        return {name: getattr(base, name, None) for name in self.step.fields}

    def store(self, data):
        for name, value in data.items():
            if name in self.step.fields:
                setattr(self.context, name, value)
        self.prune()  # answers that no longer apply are not kept

    def check_data(self, data):
        """File fields of the form are checked by content like attachments;
        family members' codici fiscali in the stato di famiglia (ANPR)."""
        from comune.istanze.integrations.anpr.draft import check_family

        rejected = []
        for name, message in check_family(self.context, data).items():
            self.field_error(name, message)
            rejected.append(name)
        for name, value in data.items():
            if not INamedFile.providedBy(value):
                continue
            try:
                mime = check_upload(StoredFile(value), FORM_FILE_TYPES, FORM_FILE_MAX_MB,
                                    value.filename or name)
            except UploadRejected as exc:
                self.field_error(name, exc.message)
                # Never offer the rejected file as "already uploaded".
                self.widgets[name].value = self.getContent().get(name)
                rejected.append(name)
                continue
            value.contentType = mime
        return rejected


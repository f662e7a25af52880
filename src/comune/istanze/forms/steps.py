"""``<draft>/@@compila``: the multi-step form of a draft.

Steps: "Richiedente", one step per fieldset of the draft's *own* form
version (skipped when its ``istanze:show-when`` condition does not hold for
the answers given, see :mod:`comune.istanze.conditions`), "Allegati",
"Riepilogo e invio". Each step is a z3c.form form
(:mod:`comune.istanze.forms.steps_forms`); this view picks the step
(``?step=``, the ``step`` of the posted form, or the one the draft
remembers; a new draft opens on the first step with something to fill),
runs the form and wraps it in the step indicator.

A step's "Avanti" or "Indietro" answers with the page of the step it goes
to (no redirect and second request): the forms post to ``@@compila`` with
the step in a hidden field, and the draft remembers the step shown, so the
address ``@@compila`` reloads the same step.
"""

from comune.istanze import _
from comune.istanze.browser.focus import focus_on_the_form
from comune.istanze.browser.guard import guard
from comune.istanze.conditions.visibility import app_visibility
from comune.istanze.content.fti import version_schema
from comune.istanze.forms.english import language_of
from comune.istanze.forms.english import type_texts
from comune.istanze.forms.structure import fieldsets
from dataclasses import dataclass
from plone import api
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from Products.statusmessages.interfaces import IStatusMessage
from zope.i18n import translate


APPLICANT_STEP = "richiedente"
ATTACHMENTS_STEP = "allegati"
REVIEW_STEP = "riepilogo"


@dataclass(frozen=True)
class Step:
    name: str
    label: str
    kind: str  # "applicant", "fields", "attachments", "review"
    fields: tuple = ()


def steps_for(app, language="it"):
    """The steps of ``app`` from its own form version."""
    schema, _model = version_schema(app.application_type(), app.form_version)
    skipped = app_visibility(app).hidden_fieldsets  # conditions of earlier answers
    steps = [Step(APPLICANT_STEP, _("Richiedente"), "applicant")]
    for name, label, names in fieldsets(schema, language):
        if name in skipped:
            continue
        steps.append(Step("modulo-" + name, label, "fields", tuple(names)))
    if app.application_type().attachments:
        steps.append(Step(ATTACHMENTS_STEP, _("Allegati"), "attachments"))
    steps.append(Step(REVIEW_STEP, _("Riepilogo e invio"), "review"))
    return steps


def step_of_field(app, field_name):
    """Name of the step where ``field_name`` is asked (for error links)."""
    if field_name == "attachment":
        return ATTACHMENTS_STEP
    for step in steps_for(app):
        if field_name in step.fields:
            return step.name
    return APPLICANT_STEP


def applicant_complete(app):
    """True when every field of the applicant step is locked (filled by
    SPID/CIE/CNS) and has a value: the step has nothing to change."""
    from comune.istanze.forms.steps_forms import IApplicantStep

    if not set(IApplicantStep.names()) <= set(app.locked_fields or ()):
        return False
    return bool((app.applicant_name or "").strip() and app.applicant_id and app.applicant_email)


def step_url(app, name):
    return f"{app.absolute_url()}/@@compila?step={name}"


class Wizard:
    """Navigation between the steps of one draft."""

    def __init__(self, app, wanted=None, language="it"):
        self.app = app
        self.language = language
        self.steps = steps_for(app, language)
        names = [s.name for s in self.steps]
        wanted = wanted if wanted in names else getattr(app, "last_step", None)
        self.index = names.index(wanted) if wanted in names else self.first_to_fill()

    def first_to_fill(self):
        """Index of the first step with something to fill in: the applicant
        step is skipped when the identity provider filled all it asks (the
        citizen can still open it from the step indicator)."""
        if self.steps[0].kind == "applicant" and applicant_complete(self.app) and len(self.steps) > 1:
            return 1
        return 0

    def show(self, step):
        """Make ``step`` (after answers were stored) the current one."""
        names = [s.name for s in self.steps]
        if step.name in names:
            self.index = names.index(step.name)

    def refresh(self):
        """Recompute the steps after answers were stored: a step may now
        apply or be skipped (conditions on earlier answers)."""
        name = self.current.name
        self.steps = steps_for(self.app, self.language)
        names = [s.name for s in self.steps]
        self.index = names.index(name) if name in names else 0

    @property
    def current(self):
        return self.steps[self.index]

    @property
    def previous(self):
        return self.steps[self.index - 1] if self.index > 0 else None

    @property
    def next(self):
        return self.steps[self.index + 1] if self.index + 1 < len(self.steps) else None

    def url(self, step):
        return step_url(self.app, step.name)

    def action(self):
        """Where every step posts (the step travels in a hidden field)."""
        return self.app.absolute_url() + "/@@compila"

    def remember(self, step):
        """The draft remembers where the citizen is (resume later)."""
        if getattr(self.app, "last_step", None) != step.name:
            self.app.last_step = step.name


def form_class(step):
    from comune.istanze.forms import steps_forms
    from comune.istanze.forms import steps_review

    return {
        "applicant": steps_forms.ApplicantStepForm,
        "fields": steps_forms.FieldsetStepForm,
        "attachments": steps_review.AttachmentsStepForm,
        "review": steps_review.ReviewStepForm,
    }[step.kind]


class CompilaView(BrowserView):
    """Wraps the current step's form with the step indicator."""

    template = ViewPageTemplateFile("templates/compila.pt")

    def __call__(self):
        app = self.context
        guard(app, "View")
        if api.content.get_state(app) != "draft":
            IStatusMessage(self.request).add(
                _("Questa istanza è già stata inviata: non si può più modificare."), type="info"
            )
            self.request.response.redirect(app.absolute_url())
            return ""
        guard(app, "Modify portal content")
        if self.payment_pending():
            return ""
        self.request.response.setHeader("Cache-Control", "private, no-store")
        focus_on_the_form(self.request)
        self.wizard = Wizard(app, self.request.form.get("step"), language_of(self.request))
        self.form = form_class(self.wizard.current)(app, self.request, self.wizard)
        self.form.update()
        if self.request.response.getStatus() in (301, 302, 303):
            return ""
        if self.form.going_to is not None:  # stored: the page of the step it goes to
            self.wizard.show(self.form.going_to)
            self.form = form_class(self.wizard.current)(app, self.request, self.wizard)
            self.form.fresh = True
            self.form.update()
        return self.template()

    def payment_pending(self):
        """«Paga e invia» froze answers and attachments (the amount came from
        them): every step, upload and removal is refused, back to the page."""
        from comune.istanze.fees.pay_and_submit import pending_payment

        if pending_payment(self.context) is None:
            return False
        IStatusMessage(self.request).add(
            _("Il pagamento è in corso: le risposte non si possono più modificare."),
            type="warning")
        self.request.response.redirect(self.context.absolute_url())
        return True

    def type_title(self):
        return type_texts(self.context.application_type(), self.wizard.language)[0]

    def indicator(self):
        result = []
        for pos, step in enumerate(self.wizard.steps):
            result.append(
                {
                    "number": pos + 1,
                    "label": translate(step.label, context=self.request),
                    "url": self.wizard.url(step),
                    "current": pos == self.wizard.index,
                    "done": pos < self.wizard.index,
                }
            )
        return result

    def step_count(self):
        return len(self.wizard.steps)

    def italia(self):
        from comune.istanze.theme import italia

        return italia(self.request)

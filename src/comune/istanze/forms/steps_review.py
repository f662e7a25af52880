"""Steps "Allegati" and "Riepilogo e invio" of ``@@compila``."""

from comune.istanze import _
from comune.istanze.documents.attachments import add_attachment
from comune.istanze.documents.attachments import attachments_of
from comune.istanze.signatures.display import signature_hint
from comune.istanze.documents.attachments import remove_attachment
from comune.istanze.forms.english import spec_name
from comune.istanze.documents.sniffing import UploadRejected
from comune.istanze.fees.fields import is_due_at_submission
from comune.istanze.fees.pay_and_submit import pay_and_submit
from comune.istanze.forms.rendering import render_answers
from comune.istanze.forms.steps import step_of_field
from comune.istanze.forms.steps import step_url
from comune.istanze.forms.steps_forms import StepForm
from comune.istanze.forms.steps_summary import applicant_summary
from comune.istanze.forms.steps_summary import attachment_rows
from comune.istanze.uploads.limits import MB
from comune.istanze.uploads.streaming import from_upload
from comune.istanze.workflow import submission
from comune.istanze.workflow.errors import ApplicationError
from datetime import datetime
from plone.protect import CheckAuthenticator
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from Products.statusmessages.interfaces import IStatusMessage
from z3c.form import button
from z3c.form import field
from z3c.form.browser.checkbox import SingleCheckBoxFieldWidget
from zope import schema
from zope.i18n import translate
from zope.interface import Interface
from zope.interface import Invalid


class AttachmentsStepForm(StepForm):
    """One upload per attachment declared by the type.

    Each file is checked on its content (size, sniffed type); a rejected
    file stores nothing and its error is shown on its own field.
    """

    template = ViewPageTemplateFile("templates/step_attachments.pt")

    def update(self):
        self.upload_errors = {}
        if (not self.fresh and self.request.method == "POST"
                and self.request.form.get("remove_attachment")):
            CheckAuthenticator(self.request)
            remove_attachment(self.context, self.request.form["remove_attachment"])
            self._touch()
            self._go(self.step, _("Allegato rimosso."))
            return
        super().update()

    def specs(self):
        present = {}
        for row in attachment_rows(self.context):
            present.setdefault(row["spec"], []).append(row)
        return [
            {
                "index": index,
                "input": f"allegato-{index}",
                "name": spec_name(spec, self.wizard.language),
                "required": spec.get("required"),
                "types": spec["mime_types"],
                "max_size_mb": spec["max_size_mb"],
                "signature": signature_hint(spec),
                "present": present.get(spec["name"], []),
                "error": self.upload_errors.get(index),
            }
            for index, spec in enumerate(self.context.application_type().attachments or [])
        ]

    def save_step(self, complete):
        app = self.context
        specs = app.application_type().attachments or []
        for index, spec in enumerate(specs):
            upload = self.request.form.get(f"allegato-{index}")
            if not getattr(upload, "filename", None):
                continue
            try:
                data = from_upload(upload, int(spec["max_size_mb"]) * MB, spec["name"])
                add_attachment(app, spec["name"], data, upload.filename, app.applicant_id, spec=spec)
            except UploadRejected as exc:
                self.upload_errors[index] = exc.message
        if complete and not self.upload_errors:
            present = {a.spec for a in attachments_of(app)}
            for index, spec in enumerate(specs):
                if spec.get("required") and spec["name"] not in present:
                    self.upload_errors[index] = _("Questo allegato è obbligatorio.")
        self._touch()
        return not self.upload_errors


NOT_ACKNOWLEDGED = _(
    "Per inviare l'istanza devi dichiarare di aver letto l'informativa sulla privacy."
)


def must_acknowledge(value):
    if not value:
        raise Invalid(NOT_ACKNOWLEDGED)
    return True


class IReviewStep(Interface):
    privacy_ack = schema.Bool(
        title=_("Dichiaro di aver letto l'informativa sul trattamento dei dati personali"),
        required=False,
        constraint=must_acknowledge,
    )


class ReviewStepForm(StepForm):
    """Every answer and attachment, the privacy notice, the explicit "Invia"."""

    template = ViewPageTemplateFile("templates/step_review.pt")
    fields = field.Fields(IReviewStep)
    fields["privacy_ack"].widgetFactory = SingleCheckBoxFieldWidget
    buttons = StepForm.buttons.select("back", "save")
    handlers = StepForm.handlers.copy()
    problem_url = None

    def getContent(self):
        return {"privacy_ack": False}

    def store(self, data):
        """The acknowledgement is stored only with the submission."""

    def sections(self):
        return render_answers(self.context, self.wizard.language)

    def applicant_url(self):
        return step_url(self.context, "richiedente")

    def section_url(self, section):
        return step_url(self.context, "modulo-" + section.name)

    def attachments(self):
        return attachment_rows(self.context, self.request)

    def privacy_notice(self):
        notice = self.context.application_type().privacy_notice
        return notice.output if notice is not None else ""

    def applicant(self):
        return applicant_summary(self.context)

    def page_macros(self):
        from comune.istanze.browser.application import MACROS

        return MACROS.macros

    def frontdesk_panel(self):
        from comune.istanze.frontdesk.views import review_panel

        return review_panel(self)

    def fee_at_submission(self):
        return is_due_at_submission(self.context)

    def _acknowledged(self):
        CheckAuthenticator(self.request)
        data, errors = self.extractData()
        if errors or not data.get("privacy_ack"):
            self.status = _("Per inviare conferma di aver letto l'informativa.")
            if not errors:
                self.field_error("privacy_ack", NOT_ACKNOWLEDGED)
            return False
        return True

    def _refused(self, exc):
        # Nothing was stored: validation runs before the transition.
        self.status = exc.message
        if exc.field and exc.field != "fee":
            self.problem_url = step_url(self.context, step_of_field(self.context, exc.field))

    def _submitted(self):
        app = self.context
        IStatusMessage(self.request).add(
            translate(
                _("Istanza inviata. Numero: ${number}.", mapping={"number": app.number}),
                context=self.request,
            ),
            type="info",
        )
        from comune.istanze.frontdesk.views import after_submission_url

        self.request.response.redirect(after_submission_url(app, self.request)
                                       or app.absolute_url() + "/@@ricevuta")

    @button.buttonAndHandler(_("Invia l'istanza"), name="submit",
                             condition=lambda form: not form.fee_at_submission())
    def handle_submit(self, action):
        if not self._acknowledged():
            return
        try:
            submission.submit(self.context)
        except ApplicationError as exc:
            return self._refused(exc)
        self.context.privacy_acknowledged = datetime.now()
        self._submitted()

    @button.buttonAndHandler(_("Paga e invia"), name="pay_submit",
                             condition=lambda form: form.fee_at_submission())
    def handle_pay_submit(self, action):
        """The fee is due at submission: the payment first (fees/pay_and_submit)."""
        if not self._acknowledged():
            return
        try:
            payment = pay_and_submit(self.context)
        except ApplicationError as exc:
            return self._refused(exc)
        self.context.privacy_acknowledged = datetime.now()
        if payment is None:  # nothing to pay for these answers
            return self._submitted()
        IStatusMessage(self.request).add(translate(
            _("Paga con pagoPA: l'istanza sarà inviata appena il pagamento risulterà eseguito."),
            context=self.request), type="info")
        self.request.response.redirect(self.context.absolute_url())

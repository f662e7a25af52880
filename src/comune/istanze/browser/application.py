"""What the applicant sees of an application: its page and its receipt.

* ``<app>`` (default ``view``): state, number, answers rendered with the
  application's own form version, attachments, history; "Ritira" while the
  application is submitted and not yet under review.
* ``<app>/@@ricevuta``: the receipt after submission (number, date and time,
  type, applicant, summary, attachments with SHA-256, protocol number or
  "protocollo in corso").

A staff member (anybody but the applicant) opening either page is an
audited read.
"""

from comune.istanze.workflow.custom import state_title
from comune.istanze.workflow.custom import workflow_id_of
from comune.istanze.workflow.rules import exits_of_kind
from comune.istanze import _
from comune.istanze.backoffice.audit import record_staff_read
from comune.istanze.browser.guard import guard
from comune.istanze.forms.rendering import render_answers
from comune.istanze.forms.steps_summary import applicant_summary
from comune.istanze.forms.steps_summary import attachment_rows
from comune.istanze.outbox.queue import job_for_key
from comune.istanze.workflow.errors import ApplicationError
from comune.istanze.workflow.withdrawal import withdraw
from plone import api
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from Products.statusmessages.interfaces import IStatusMessage

import transaction


MACROS = ViewPageTemplateFile("templates/macros.pt")
DATETIME_FMT = "%d/%m/%Y alle %H:%M"


class ApplicationDetails(BrowserView):
    """Data shared by the application page and the receipt."""

    def macros(self):
        return MACROS.macros

    @property
    def type_obj(self):
        return self.context.application_type()

    def state(self):
        return api.content.get_state(self.context)

    citizen = True  # the applicant's titles of the states (staff pages: False)

    def state_title(self, state=None):
        return state_title(self.context, state, citizen=self.citizen)

    def submitted(self):
        when = self.context.submitted
        return when.strftime(DATETIME_FMT) if when else None

    def sections(self):
        return render_answers(self.context)

    def attachments(self):
        return attachment_rows(self.context, self.request)

    def protocol(self):
        """Protocol registration, once the register answered (engineer G)."""
        number = getattr(self.context, "protocol_number", None)
        if not number:
            return None
        when = getattr(self.context, "protocol_date", None)
        return {"number": number, "date": when.strftime(DATETIME_FMT) if when else ""}

    def applicant(self):
        return applicant_summary(self.context)

    def history(self):
        """Workflow history, oldest first, in Italian."""
        me = api.user.get_current().getId()
        rows = []
        for entry in self.context.workflow_history.get(workflow_id_of(self.context), ()):
            when = entry.get("time")
            actor = entry.get("actor")
            rows.append(
                {
                    "date": when.strftime("%d/%m/%Y %H:%M") if when is not None else "",
                    "iso": when.ISO8601() if when is not None else "",
                    "state": self.state_title(entry.get("review_state")),
                    "actor": self._actor(actor, me),
                    "comment": entry.get("comments") or "",
                }
            )
        return rows

    def _actor(self, actor, me):
        if actor == me:
            return _("tu")
        if actor == self.context.applicant_id:
            return _("il richiedente")
        return _("l'ufficio")

    def personal_area_url(self):
        return api.portal.get().absolute_url() + "/area-personale"


class ApplicationView(ApplicationDetails):
    """The application page for its applicant (and staff who may view it)."""

    template = ViewPageTemplateFile("templates/application.pt")

    def __call__(self):
        guard(self.context)
        self.request.response.setHeader("Cache-Control", "private, no-store")
        if self.request.method == "POST" and "form.buttons.withdraw" in self.request.form:
            CheckAuthenticator(self.request)
            self.withdraw()
            self.request.response.redirect(self.context.absolute_url())
            return ""
        record_staff_read(self.context, "read", "pagina dell'istanza", request=self.request)
        return self.template()

    def is_draft(self):
        return self.state() == "draft"

    def payment_pending(self):
        """A «Paga e invia» draft waiting for its payment (fees/pay_and_submit)."""
        from comune.istanze.fees.pay_and_submit import pending_payment

        return self.is_draft() and pending_payment(self.context) is not None

    def can_withdraw(self):
        exits = set(exits_of_kind(self.context, "withdraw"))
        wf = api.portal.get_tool("portal_workflow")
        return any(t["id"] in exits for t in wf.getTransitionsFor(self.context))

    def withdraw(self):
        messages = IStatusMessage(self.request)
        try:
            withdraw(self.context, self.request.form.get("comment"))
        except ApplicationError as exc:
            transaction.doom()
            messages.add(exc.message, type="error")
            return
        messages.add(_("Istanza ritirata."), type="info")


class ReceiptView(ApplicationDetails):
    """``@@ricevuta``: the receipt of a submitted application."""

    template = ViewPageTemplateFile("templates/receipt.pt")

    def __call__(self):
        guard(self.context)
        if not self.context.number:
            IStatusMessage(self.request).add(
                _("L'istanza non è ancora stata inviata: la ricevuta sarà disponibile dopo l'invio."),
                type="info",
            )
            self.request.response.redirect(self.context.absolute_url() + "/@@compila")
            return ""
        self.request.response.setHeader("Cache-Control", "private, no-store")
        record_staff_read(self.context, "read", "ricevuta", request=self.request)
        return self.template()

    def email_queued(self):
        """True only when the receipt email to the citizen really was queued.

        Looked up by its idempotency key (one shard read): with no mail sender
        configured nothing is queued and the page must not claim otherwise.
        """
        key = f"email:submitted:{self.context.UID()}"
        return job_for_key(api.portal.get(), key) is not None

    def pdf_url(self):
        return self.context.absolute_url() + "/@@ricevuta-pdf"

"""The citizen's payment pages: pay, come back, download the notice.

* ``@@pagamenti-istanza``: the payments box of the application page, the
  receipt and the staff page (state, amount, reason, «Paga con pagoPA»,
  «Scarica l'avviso di pagamento»);
* ``@@paga-pagopa`` (POST): opens the Checkout cart, 302 to pagoPA;
* ``@@pagopa-esito``: where Checkout sends the citizen back; it checks the
  position in GPD and says only what it found ("Pagato" or "In attesa di
  conferma"), whatever the URL's ``esito``;
* ``@@avviso-pagamento``: the notice PDF (applicant; staff reads audited).
"""

from comune.istanze import _
from comune.istanze.backoffice.audit import record_staff_read
from comune.istanze.browser.guard import guard
from comune.istanze.fees.checkout import can_pay
from comune.istanze.fees.checkout import checkout_url
from comune.istanze.fees.checkout import CheckoutError
from comune.istanze.fees.checkout import is_paid
from comune.istanze.fees.checkout import refresh
from comune.istanze.fees.charging import euro
from comune.istanze.identity import current_identity
from comune.istanze.integrations.pagopa.positions import payment_notice
from comune.istanze.integrations.pagopa.storage import get_payment
from comune.istanze.integrations.pagopa.storage import payments_of
from plone import api
from plone.protect import CheckAuthenticator
from plone.protect.interfaces import IDisableCSRFProtection
from Products.CMFPlone.utils import safe_text
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from Products.statusmessages.interfaces import IStatusMessage
from zExceptions import BadRequest
from zExceptions import NotFound
from zope.interface import alsoProvides



def is_applicant(app):
    identity = current_identity()
    return identity is not None and identity.user_id == app.applicant_id


def payment_row(app, payment, applicant):
    due = payment.due_date
    return {"id": payment.id, "description": payment.description, "reason": payment.reason,
            "amount": euro(payment.amount), "due": due.strftime("%d/%m/%Y") if due else "",
            "paid": is_paid(payment),
            "state": _("Pagato") if is_paid(payment) else payment.state_title,
            "notice_number": payment.notice_number or "",
            "can_pay": applicant and can_pay(payment),
            "notice_url": (f"{app.absolute_url()}/@@avviso-pagamento?pagamento={payment.id}"
                           if payment.notice_number else "")}


class PaymentsBox(BrowserView):
    """The list of payments of an application (a fragment for other pages)."""

    template = ViewPageTemplateFile("templates/payments.pt")

    def __call__(self):
        guard(self.context)
        return self.template()

    def payments(self):
        applicant = is_applicant(self.context)
        return [payment_row(self.context, p, applicant) for p in payments_of(self.context)]


class _PaymentView(BrowserView):
    def payment(self):
        payment = get_payment(self.context, safe_text(self.request.form.get("pagamento") or ""))
        if payment is None:
            raise NotFound("pagamento")
        return payment

    def applicant_only(self):
        guard(self.context)
        if not is_applicant(self.context):
            raise NotFound(self.context.getId())


class PayView(_PaymentView):
    """«Paga con pagoPA»: a Checkout cart, then off to pagoPA."""

    def __call__(self):
        self.applicant_only()
        if self.request.method != "POST":
            raise BadRequest("POST")
        CheckAuthenticator(self.request)
        payment = self.payment()
        if refresh(self.context, payment):
            return self.request.response.redirect(self.context.absolute_url())
        try:
            url = checkout_url(self.context, payment)
        except CheckoutError as exc:
            IStatusMessage(self.request).add(exc.message, type="error")
            return self.request.response.redirect(self.context.absolute_url())
        return self.request.response.redirect(url, lock=True)


class ReturnView(_PaymentView):
    """Back from Checkout: the real status, checked in GPD."""

    template = ViewPageTemplateFile("templates/payment_return.pt")

    def __call__(self):
        self.applicant_only()
        self.request.response.setHeader("Cache-Control", "private, no-store")
        # A GET that may write: only what GPD says (mark_paid, then the
        # submission of a «Paga e invia» draft); nothing comes from the request
        # but the payment id, so a forged link can do no more than this page.
        alsoProvides(self.request, IDisableCSRFProtection)
        payment = self.payment()
        self.paid = refresh(self.context, payment)
        self.row = payment_row(self.context, payment, True)
        self.cancelled = not self.paid and self.request.form.get("esito") == "cancel"
        return self.template()

    def submitted(self):
        return bool(self.context.number)

    def state_title(self):
        from comune.istanze.browser.application import ApplicationDetails

        return ApplicationDetails(self.context, self.request).state_title()


class NoticeView(_PaymentView):
    """The payment notice (avviso di pagamento), PDF/A."""

    def __call__(self):
        guard(self.context)
        payment = self.payment()
        if not payment.notice_number:
            raise NotFound("avviso")
        if not is_applicant(self.context):
            if not api.user.has_permission("comune.istanze: Work applications", obj=self.context):
                raise NotFound(self.context.getId())
            record_staff_read(self.context, "read", f"avviso di pagamento {payment.notice_number}",
                              request=self.request)
        pdf = payment_notice(self.context, payment)
        response = self.request.response
        response.setHeader("Content-Type", "application/pdf")
        response.setHeader("Content-Disposition",
                           f'attachment; filename="avviso-{payment.notice_number}.pdf"')
        response.setHeader("Cache-Control", "private, no-store")
        return pdf

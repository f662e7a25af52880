"""The citizen's pagoPA payments of one application, through REST.

* ``GET  <app>/@pagamenti-pagopa``: the payments (state, amount in cents,
  due date, notice number, notice PDF URL, ``payable``);
* ``GET  <app>/@pagamenti-pagopa/<id>``: one payment, after asking GPD
  (server-side) whether it is paid: what a client shows when the citizen
  comes back from Checkout, whatever the return URL said;
* ``POST <app>/@pagamenti-pagopa/<id>/checkout``: opens a Checkout v2 cart
  (``POST /carts``, answered 302) and answers its ``checkout_url``; a
  payment found paid meanwhile answers ``paid`` and no URL.

Only the applicant: anybody else gets 404, as the HTML pages
(:mod:`comune.istanze.fees.views`) do. Staff read payments with
``@pagamenti`` and add one with ``@istruttoria`` (``"action": "payment"``).
"""

from comune.istanze import _
from comune.istanze.backoffice.actions import ActionError
from comune.istanze.fees.checkout import can_pay
from comune.istanze.fees.checkout import checkout_url
from comune.istanze.fees.checkout import CheckoutError
from comune.istanze.fees.checkout import is_paid
from comune.istanze.fees.checkout import refresh
from comune.istanze.fees.views import is_applicant
from comune.istanze.integrations.pagopa.storage import get_payment
from comune.istanze.integrations.pagopa.storage import payments_of
from comune.istanze.restapi.errors import refuse
from comune.istanze.restapi.errors import text
from plone import api
from plone.protect.interfaces import IDisableCSRFProtection
from comune.istanze.restapi.traversal import PathService
from zope.interface import alsoProvides


def payment_json(app, payment, request=None) -> dict:
    """One payment for REST clients (amounts in euro cents)."""
    url = app.absolute_url()
    title = _("Pagato") if is_paid(payment) else payment.state_title
    return {"id": payment.id, "amount": payment.amount, "description": payment.description,
            "reason": payment.reason, "state": payment.state,
            "state_title": text(title, request) if request is not None else str(title),
            "paid": is_paid(payment),
            "due_date": payment.due_date.isoformat() if payment.due_date else None,
            "notice_number": payment.notice_number, "payable": can_pay(payment),
            "notice_url": f"{url}/@@avviso-pagamento?pagamento={payment.id}"
            if payment.notice_number else None}


class ApplicationPayments(PathService):
    """Base of the two services: ``<id>`` and ``checkout`` path segments."""

    def payment(self):
        """The payment named in the path, or ActionError 404."""
        if not is_applicant(self.context):
            raise ActionError(_("Pagina non trovata."), 404)
        payment = get_payment(self.context, self.params[0]) if self.params else None
        if payment is None:
            raise ActionError(_("Pagamento non trovato."), 404)
        return payment

    def state(self, payment) -> dict:
        return {**payment_json(self.context, payment, self.request),
                "application": {"@id": self.context.absolute_url(),
                                "number": self.context.number,
                                "review_state": api.content.get_state(self.context)}}


class PaymentsGet(ApplicationPayments):
    def reply(self):
        try:
            if not self.params:
                if not is_applicant(self.context):
                    raise ActionError(_("Pagina non trovata."), 404)
                return {"@id": f"{self.context.absolute_url()}/@pagamenti-pagopa",
                        "items": [payment_json(self.context, p, self.request)
                                  for p in payments_of(self.context)]}
            if len(self.params) != 1:
                raise ActionError(_("Pagina non trovata."), 404)
            payment = self.payment()
        except ActionError as exc:
            return refuse(self, exc)
        # A GET that may write what GPD says (mark_paid, then the submission
        # of a «Paga e invia» draft); nothing else comes from the request.
        alsoProvides(self.request, IDisableCSRFProtection)
        refresh(self.context, payment)
        return self.state(payment)


class CheckoutPost(ApplicationPayments):
    def reply(self):
        alsoProvides(self.request, IDisableCSRFProtection)  # as plone.restapi's own POSTs
        try:
            if len(self.params) != 2 or self.params[1] != "checkout":
                raise ActionError(_("Pagina non trovata."), 404)
            payment = self.payment()
            if refresh(self.context, payment):
                return {**self.state(payment), "checkout_url": None}
            try:
                url = checkout_url(self.context, payment)
            except CheckoutError as exc:
                raise ActionError(exc.message, 409 if not can_pay(payment) else 503) from exc
        except ActionError as exc:
            return refuse(self, exc)
        return {**self.state(payment), "checkout_url": url}

"""Paying online: the Checkout v2 cart and the server-side check on return.

:func:`checkout_url` opens a cart (``POST /carts``, answered 302) for one
payment with return URLs to :class:`comune.istanze.fees.views.ReturnView`;
whatever those URLs say, :func:`refresh` asks GPD for the position by its
IUPD and only a position found paid makes the payment paid (``mark_paid``,
which fires ``PaymentPaidEvent`` once: a «Paga e invia» draft is then
submitted).
"""

from comune.istanze import _
from comune.istanze.integrations.pagopa import interfaces as i
from comune.istanze.integrations.pagopa.config import current_client
from comune.istanze.integrations.pagopa.config import pagopa_settings
from comune.istanze.integrations.pagopa.errors import PagoPAError
from comune.istanze.integrations.pagopa.positions import company_name
from comune.istanze.integrations.pagopa.reconciliation import local
from comune.istanze.integrations.pagopa.storage import mark_paid
from comune.istanze.integrations.pagopa.storage import PAID
from comune.istanze.integrations.pagopa.storage import PUBLISHED
from comune.istanze.integrations.pagopa.storage import REPORTED
from datetime import datetime
from urllib.parse import urlencode

import logging


logger = logging.getLogger(__name__)
PAID_POSITION = ("PAID", "REPORTED")
PAID_OPTION = ("PO_PAID", "PO_PARTIALLY_REPORTED", "PO_REPORTED")
OUTCOMES = ("ok", "cancel", "error")


class CheckoutError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def is_paid(payment):
    return payment.state in (PAID, REPORTED)


def can_pay(payment):
    """Payable online now: published in GPD and not paid yet."""
    return payment.state == PUBLISHED and bool(payment.notice_number)


def return_url(app, payment, outcome):
    query = urlencode({"pagamento": payment.id, "esito": outcome})
    return f"{app.absolute_url()}/@@pagopa-esito?{query}"


def open_cart(notice_number, amount, description, returns, email="", id_cart=""):
    """The Checkout page of a one-notice cart (CheckoutError in Italian).

    ``returns(outcome)`` gives the return URL of each outcome in OUTCOMES.
    Shared by the applications' payments and the Comune's imported debts."""
    client = current_client()
    if client is None:
        raise CheckoutError(_("I pagamenti pagoPA non sono attivi per questo Comune."))
    settings = pagopa_settings()
    notice = i.CartNotice(notice_number=notice_number,
                          fiscal_code=settings.creditor_fiscal_code, amount=amount,
                          company_name=company_name(settings), description=description)
    cart = i.Cart(notices=[notice], return_ok_url=returns("ok"),
                  return_cancel_url=returns("cancel"), return_error_url=returns("error"),
                  email=email, id_cart=id_cart)
    try:
        return client.create_cart(cart)
    except PagoPAError as exc:
        logger.warning("Checkout cart for %s refused: %s", id_cart or notice_number, exc)
        raise CheckoutError(_("Il servizio di pagamento pagoPA non risponde: riprova più "
                              "tardi.")) from exc


def checkout_url(app, payment):
    """The Checkout page of a cart holding ``payment`` (CheckoutError in Italian)."""
    if not can_pay(payment):
        raise CheckoutError(_("Il pagamento non è ancora pagabile online: riprova tra poco."))
    return open_cart(payment.notice_number, payment.amount, payment.description,
                     lambda outcome: return_url(app, payment, outcome),
                     app.applicant_email or "", payment.id)


def paid_option(position, iuv):
    """(paid, option of ``iuv``, paid at) as GPD says, never trusting a URL."""
    option = next((o for o in position.payment_options if o.iuv == iuv), None)
    paid = position.status in PAID_POSITION or (option is not None and
                                                option.status in PAID_OPTION)
    when = (option and option.payment_date) or position.payment_date or datetime.now()
    return paid, option, local(when)


def refresh(app, payment):
    """Ask GPD whether ``payment`` is paid; mark it paid if so. Returns
    True when paid (known before or found now), never trusting a URL."""
    if is_paid(payment):
        return True
    client = current_client()
    if client is None or not payment.iupd:
        return False
    try:
        position = client.get_position(payment.iupd)
    except PagoPAError as exc:
        logger.info("GPD position %s not read: %s", payment.iupd, exc)
        return False
    if position is None:
        return False
    paid, option, paid_at = paid_option(position, payment.iuv)
    if not paid:
        return False
    receipt = {"source": "gpd", "receipt_id": option.id_receipt if option else "",
               "psp": option.psp_company if option else "",
               "amount": option.amount if option else payment.amount}
    mark_paid(app, payment, paid_at, receipt)
    return True

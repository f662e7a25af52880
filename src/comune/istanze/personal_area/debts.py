"""«I miei debiti con il Comune»: the citizen's imported pagoPA debts.

The debts the Comune's other systems (TARI, fines, canteen) published in the
GPD, imported by the outbox (``integrations/pagopa/debts.py``) under the
debtor's codice fiscale. A citizen sees only those of the codice fiscale of
their SPID/CIE/CNS login (``identity.fiscal_code``); a password account has
none. Every debt is looked up in the caller's own record: another person's
IUV is simply not found (404).

* ``@@debiti-pagopa``: the pending ones (description, amount, due date,
  notice number, «Paga con pagoPA», the notice PDF);
* ``@@debiti-pagopa-paga`` (POST, ``avviso=<IUV>``): a Checkout cart, 302;
* ``@@debiti-pagopa-esito``: back from Checkout, the position is read in GPD
  and only what GPD says is shown ("Pagato" or "In attesa di conferma");
* ``@@debiti-pagopa-avviso?avviso=<IUV>``: the notice PDF/A;
* REST ``GET @debiti-pagopa`` (the list) and ``POST @debiti-pagopa``
  ``{"avviso": "<IUV>"}`` (the Checkout URL to send the citizen to).
"""

from comune.istanze import _
from comune.istanze.fees.charging import euro
from comune.istanze.fees.checkout import CheckoutError
from comune.istanze.fees.checkout import open_cart
from comune.istanze.integrations.pagopa import interfaces as i
from comune.istanze.integrations.pagopa import owed
from comune.istanze.integrations.pagopa.config import current_client
from comune.istanze.integrations.pagopa.config import pagopa_settings
from comune.istanze.integrations.pagopa.debts import refresh_debt
from comune.istanze.integrations.pagopa.errors import PagoPAError
from comune.istanze.integrations.pagopa.iuv import format_notice_number
from comune.istanze.integrations.pagopa.notice import notice_pdf
from comune.istanze.personal_area import data
from comune.istanze.personal_area.views import PersonalView
from comune.istanze.restapi.errors import PayloadError
from comune.istanze.restapi.errors import read_body
from comune.istanze.restapi.errors import refuse
from comune.istanze.restapi.errors import REFUSALS
from plone import api
from plone.protect import CheckAuthenticator
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.services import Service
from Products.CMFPlone.utils import safe_text
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from Products.statusmessages.interfaces import IStatusMessage
from urllib.parse import urlencode
from zExceptions import BadRequest
from zExceptions import NotFound
from zope.interface import alsoProvides

import logging


logger = logging.getLogger(__name__)
PAGE = "debiti-pagopa"


def site_url():
    return api.portal.get().absolute_url()


def debt_row(debt):
    """What the page and the REST list show of one debt."""
    due = debt["due_date"]
    base = f"{site_url()}/@@{PAGE}"
    return {"iuv": debt["iuv"], "iupd": debt["iupd"], "description": debt["description"],
            "amount": debt["amount"], "amount_text": euro(debt["amount"]),
            "due_date": due.date().isoformat() if due else None,
            "due_text": due.strftime("%d/%m/%Y") if due else "",
            "notice_number": debt["nav"], "notice_text": format_notice_number(debt["nav"]),
            "company_name": debt["company_name"], "office_name": debt["office_name"],
            "paid": debt["status"] in owed.PAID_STATES, "pending": owed.is_pending(debt),
            "notice_url": f"{base}-avviso?{urlencode({'avviso': debt['iuv']})}",
            "pay_url": f"{base}-paga"}


def my_debts(identity):
    """The pending debts of the caller's codice fiscale (none without one)."""
    if not identity.fiscal_code:
        return []
    return [debt_row(d) for d in owed.pending_of(api.portal.get(), identity.fiscal_code)]


def my_debt(identity, iuv):
    """The caller's debt ``iuv``; NotFound for anyone else's."""
    debt = owed.get_debt(api.portal.get(), identity.fiscal_code, iuv) \
        if identity.fiscal_code and iuv else None
    if debt is None:
        raise NotFound(_("Avviso di pagamento non trovato."))
    return debt


def check_in_gpd(identity, debt):
    """Read the debt's position in GPD (server side); the debt as it is now."""
    client = current_client()
    if client is not None:
        try:
            refresh_debt(client, api.portal.get(), identity.fiscal_code, debt)
        except PagoPAError as exc:
            logger.info("GPD position %s not read: %s", debt["iupd"], exc)
    return my_debt(identity, debt["iuv"])


def checkout_for(identity, debt):
    """The Checkout URL for ``debt`` (CheckoutError when not payable)."""
    if not owed.is_pending(debt):
        raise CheckoutError(_("Questo avviso non è più da pagare."))

    def returns(outcome):
        query = urlencode({"avviso": debt["iuv"], "esito": outcome})
        return f"{site_url()}/@@{PAGE}-esito?{query}"

    return open_cart(debt["nav"], debt["amount"], debt["description"][:140], returns,
                     identity.email or "", debt["iuv"])


class DebtsView(PersonalView):
    """``@@debiti-pagopa``."""

    template = ViewPageTemplateFile("templates/debts.pt")

    def __call__(self):
        self.personal()
        self.debts = my_debts(self.identity)
        return self.template()


class _DebtView(PersonalView):
    def debt(self):
        self.personal()
        return my_debt(self.identity, safe_text(self.request.form.get("avviso") or ""))


class PayDebtView(_DebtView):
    """``@@debiti-pagopa-paga`` (POST): off to pagoPA Checkout."""

    def __call__(self):
        debt = self.debt()
        if self.request.method != "POST":
            raise BadRequest("POST")
        CheckAuthenticator(self.request)
        debt = check_in_gpd(self.identity, debt)
        try:
            url = checkout_for(self.identity, debt)
        except CheckoutError as exc:
            IStatusMessage(self.request).add(exc.message, type="error")
            return self.request.response.redirect(f"{site_url()}/@@{PAGE}")
        return self.request.response.redirect(url, lock=True)


class DebtReturnView(_DebtView):
    """``@@debiti-pagopa-esito``: the real status, checked in GPD."""

    template = ViewPageTemplateFile("templates/debt_return.pt")

    def __call__(self):
        debt = self.debt()
        # A GET that may write: only what GPD says about the caller's own debt.
        alsoProvides(self.request, IDisableCSRFProtection)
        self.row = debt_row(check_in_gpd(self.identity, debt))
        self.paid = self.row["paid"]
        self.cancelled = not self.paid and self.request.form.get("esito") == "cancel"
        return self.template()

    def list_url(self):
        return f"{site_url()}/@@{PAGE}"


def debt_notice(identity, debt):
    """The notice PDF/A of an imported debt (the layout of the product's own)."""
    settings = pagopa_settings()
    option = i.PaymentOption(iuv=debt["iuv"], amount=debt["amount"],
                             description=debt["description"], due_date=debt["due_date"],
                             nav=debt["nav"])
    position = i.DebtPosition(
        iupd=debt["iupd"], fiscal_code=identity.fiscal_code,
        full_name=debt["debtor_name"] or identity.full_name,
        company_name=debt["company_name"], office_name=debt["office_name"],
        payment_options=[option])
    return notice_pdf(position, settings.creditor_fiscal_code, settings.postal_account or "",
                      settings.postal_authorization or "")


class DebtNoticeView(_DebtView):
    """``@@debiti-pagopa-avviso``: the notice PDF of one of my debts."""

    def __call__(self):
        debt = self.debt()
        pdf = debt_notice(self.identity, debt)
        response = self.request.response
        response.setHeader("Content-Type", "application/pdf")
        response.setHeader("Content-Disposition",
                           f'attachment; filename="avviso-{debt["nav"]}.pdf"')
        return pdf


class DebtsGet(Service):
    """``GET @debiti-pagopa``: my pending debts."""

    def reply(self):
        identity = data.me()
        data.personal_headers(self.request.response)
        items = my_debts(identity)
        return {"@id": f"{site_url()}/@{PAGE}", "fiscal_code": identity.fiscal_code,
                "items": items, "items_total": len(items)}


class DebtPay(Service):
    """``POST @debiti-pagopa`` ``{"avviso": IUV}``: the Checkout URL."""

    def reply(self):
        alsoProvides(self.request, IDisableCSRFProtection)
        identity = data.me()
        data.personal_headers(self.request.response)
        try:
            body = read_body(self.request)
            iuv = body.get("avviso")
            if not isinstance(iuv, str) or not iuv:
                raise PayloadError(_("Indica l'avviso da pagare («avviso»: il suo IUV)."),
                                   field="avviso")
            try:
                debt = check_in_gpd(identity, my_debt(identity, iuv))
            except NotFound:
                exc = PayloadError(_("Avviso di pagamento non trovato."), field="avviso")
                exc.status = 404
                raise exc from None
            try:
                url = checkout_for(identity, debt)
            except CheckoutError as exc:
                raise PayloadError(exc.message, field="avviso") from exc
        except REFUSALS as exc:
            return refuse(self, exc)
        return {"checkout_url": url, "debt": debt_row(debt)}

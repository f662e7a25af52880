"""Asking the citizen to pay: a payment record plus its GPD position job.

:func:`charge` turns the fee of the application's version into a payment
(amount from its answers, causale, due date, its transfers: the Comune's
account and the fee's other accounts, see ``transfers.py``);
:func:`add_adhoc_payment` is the office's payment of one application, with
a reason the citizen reads. Both enqueue the outbox job that creates and
publishes the position (``positions.py``): here nothing talks to pagoPA.
"""

from Acquisition import aq_base
from comune.istanze import _
from comune.istanze.content.fti import version_schema
from comune.istanze.fees.fields import definition_of
from comune.istanze.fees.fields import fee_of
from comune.istanze.fees.rules import amount_due
from comune.istanze.fees.rules import cents
from comune.istanze.fees.rules import check_definition
from comune.istanze.fees.rules import FeeRuleError
from comune.istanze.fees.transfers import split
from comune.istanze.integrations.pagopa.positions import request_position
from comune.istanze.integrations.pagopa.storage import add_payment
from comune.istanze.integrations.pagopa.storage import payments_changed
from datetime import date
from datetime import timedelta
from zope.schema import getFieldNames


def euro(cents):
    """12345 -> "€ 123,45" (Italian notation)."""
    return f"€ {cents // 100:,}".replace(",", ".") + f",{cents % 100:02d}"


def answers_of(app):
    """The answers of ``app`` by field name (its own form version)."""
    schema, _model = version_schema(app.application_type(), app.form_version)
    base = aq_base(app)
    return {name: getattr(base, name, None) for name in getFieldNames(schema)}


def due_date_of(fee, start=None):
    if fee.get("due_date"):
        return fee["due_date"]
    return (start or date.today()) + timedelta(days=int(fee.get("due_days") or 30))


def fee_amount(app):
    """Euro cents the fee of ``app`` asks for its answers (0: none)."""
    return amount_due(fee_of(app), answers_of(app))


def charge(app):
    """The payment of the application's fee (None when nothing is due)."""
    fee = fee_of(app)
    amount = amount_due(fee, answers_of(app))
    if not amount:
        return None
    payment = add_payment(app, amount, fee["description"][:140], due_date_of(fee),
                          split(fee, amount, fee["description"]))
    request_position(app, payment)
    payments_changed(app)
    return payment


def add_adhoc_payment(app, amount, description, reason, due_date=None):
    """A payment the office adds to one application (``amount`` in euro).

    The account and taxonomy code are those of the application's fee, else
    of the type's current fee definition. Raises FeeRuleError in Italian.
    """
    fee = fee_of(app) or definition_of(app.application_type())
    if not (fee.get("iban") or fee.get("postal_iban")) or not fee.get("category"):
        raise FeeRuleError(_("La tipologia non ha un conto e un codice di tassonomia per i "
                             "pagamenti: indicali nella scheda «Pagamento pagoPA»."))
    description, reason = (description or "").strip(), (reason or "").strip()
    if not description or not reason:
        raise FeeRuleError(_("Indica la causale e il motivo del pagamento (il cittadino lo "
                             "legge)."))
    amount = cents(amount)
    if amount < 1:
        raise FeeRuleError(_("L'importo deve essere di almeno 1 centesimo."))
    check_definition({**fee, "when": "acceptance", "description": description,
                      "amount": "0", "rules": [], "due_days": fee.get("due_days") or 30})
    due = due_date or due_date_of({"due_days": fee.get("due_days") or 30})
    # All to the Comune's account: the fee's other shares were set for its amount.
    payment = add_payment(app, amount, description[:140], due,
                          split({**fee, "transfers": []}, amount, description), reason=reason)
    request_position(app, payment)
    payments_changed(app)
    return payment

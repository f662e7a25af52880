"""A fee due after acceptance: charged when the office accepts.

The ``accept`` rule asks its decision addenda (``IDecisionAddendum``
subscription adapters) for more text after the state change: this one
creates the payment of the application's fee (its own version's rules,
amount from its answers) and tells the citizen what to pay and by when, in
the decision message and email. Accepting twice cannot happen (the state has
changed); a payment already made for the fee is not repeated.
"""

from comune.istanze.fees.charging import charge
from comune.istanze.fees.charging import euro
from comune.istanze.fees.fields import fee_of
from comune.istanze.integrations.pagopa.storage import payments_of


class FeeAfterAcceptance:
    def __init__(self, app):
        self.app = app

    def __call__(self, transition):
        fee = fee_of(self.app)
        if transition != "accept" or fee is None or fee["when"] != "acceptance":
            return ""
        if any(not p.reason for p in payments_of(self.app)):  # the fee's own payment exists
            return ""
        payment = charge(self.app)
        if payment is None:
            return ""
        return (f"Per concludere è dovuto il pagamento di {euro(payment.amount)} "
                f"({payment.description}) entro il {payment.due_date.strftime('%d/%m/%Y')}, "
                "con pagoPA: trovi «Paga con pagoPA» e l'avviso di pagamento nella pagina "
                "dell'istanza.")

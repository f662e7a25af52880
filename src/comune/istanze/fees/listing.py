"""Payments in listings, without waking applications.

The personal area offers «Paga con pagoPA» (:class:`PayAction`, the
``IPaymentAction`` hook) from the application's ``payments_summary``
catalog metadata (``integrations/pagopa/summary.py``, the same record the
office's payments view reads), linking to the application page where the
cart is opened. The summary follows every payment added or changed
(``storage.payments_changed`` and the state-change subscriber).
"""

from comune.istanze import _
from comune.istanze.integrations.pagopa.storage import OPEN_STATES


def payments_to_pay(brain):
    """How many payments of the application are still to pay (prepared or
    published), from its catalog metadata."""
    states = (getattr(brain, "payments_summary", None) or {}).get("states", {})
    return sum(states.get(state, 0) for state in OPEN_STATES)


class PayAction:
    """Named ``IPaymentAction`` adapter of a catalog brain."""

    def __init__(self, brain):
        self.brain = brain

    def __call__(self):
        if not payments_to_pay(self.brain):
            return None
        return {"kind": "payment", "title": _("Paga con pagoPA"), "url": self.brain.getURL()}

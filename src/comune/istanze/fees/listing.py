"""Payments in listings, without waking applications.

``payment_due`` (catalog metadata): how many payments of the application are
still to pay (prepared or published); kept current when a payment is added
or changes state. The personal area offers «Paga con pagoPA» from it
(:class:`PayAction`, the ``IPaymentAction`` hook), linking to the
application page where the cart is opened.
"""

from comune.istanze import _
from comune.istanze.interfaces import IApplication
from comune.istanze.integrations.pagopa.storage import OPEN_STATES
from comune.istanze.integrations.pagopa.storage import payments_of
from plone.indexer import indexer


COLUMN = "payment_due"


@indexer(IApplication)
def payment_due(app):
    return sum(1 for p in payments_of(app) if p.state in OPEN_STATES)


def refresh_listing(app, event=None):
    """Update the metadata (subscriber of IPaymentStateChanged; called on add)."""
    app.reindexObject(idxs=[COLUMN])


class PayAction:
    """Named ``IPaymentAction`` adapter of a catalog brain."""

    def __init__(self, brain):
        self.brain = brain

    def __call__(self):
        if not getattr(self.brain, COLUMN, None):
            return None
        return {"kind": "payment", "title": _("Paga con pagoPA"), "url": self.brain.getURL()}

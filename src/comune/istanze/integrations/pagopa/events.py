"""Events of a payment's life, for the capabilities that react to them.

``mark_paid`` (storage) fires :class:`PaymentPaidEvent` whoever learnt of the
payment (the checkout return page checking the position, the reconciliation
worker reading receipts): an application whose fee is due at submission is
submitted by a subscriber of this event, once.
"""

from zope.interface import Attribute
from zope.interface import implementer
from zope.interface.interfaces import IObjectEvent
from zope.interface.interfaces import ObjectEvent


class IPaymentStateChanged(IObjectEvent):
    """A payment of the application (``object``) changed state."""

    payment = Attribute("The Payment record")
    old_state = Attribute("The state before")


class IPaymentPaidEvent(IPaymentStateChanged):
    """A payment of the application was paid (first time only)."""


@implementer(IPaymentStateChanged)
class PaymentStateChanged(ObjectEvent):
    def __init__(self, app, payment, old_state):
        super().__init__(app)
        self.payment = payment
        self.old_state = old_state


@implementer(IPaymentPaidEvent)
class PaymentPaidEvent(PaymentStateChanged):
    pass

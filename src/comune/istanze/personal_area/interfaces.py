"""Extension points of the personal area."""

from zope.interface import Interface


class IPaymentAction(Interface):
    """Hook for payments (pagoPA: ``comune.istanze.fees.listing.PayAction``).

    A payments integration registers a named adapter from the catalog brain
    of an application to this interface; calling it returns the next action
    to show ("Paga", with ``kind``, ``title``, ``url``) or None when nothing
    is due. The first adapter offering an action wins.
    """

    def __call__():
        """The payment action (dict) or None."""

"""Events of the protocol register, for the capabilities that react to them."""

from zope.interface import Attribute
from zope.interface import implementer
from zope.interface.interfaces import IObjectEvent
from zope.interface.interfaces import ObjectEvent


class IApplicationRegisteredEvent(IObjectEvent):
    """The application (``object``) was registered in the protocol (incoming)."""

    registration = Attribute("The Registration (number, date, time, register...)")


@implementer(IApplicationRegisteredEvent)
class ApplicationRegisteredEvent(ObjectEvent):
    def __init__(self, app, registration):
        super().__init__(app)
        self.registration = registration

"""Events other capabilities subscribe to (receipt, protocol, statistics...)."""

from zope.interface import Attribute
from zope.interface import implementer
from zope.interface import Interface
from zope.interface.interfaces import IObjectEvent
from zope.interface.interfaces import ObjectEvent


class IApplicationSubmittedEvent(IObjectEvent):
    """An application was submitted and has its number."""


class IApplicationDraftCreatedEvent(IObjectEvent):
    """A citizen started a new draft."""


@implementer(IApplicationSubmittedEvent)
class ApplicationSubmittedEvent(ObjectEvent):
    pass


@implementer(IApplicationDraftCreatedEvent)
class ApplicationDraftCreatedEvent(ObjectEvent):
    pass


class IApplicationError(Interface):
    message = Attribute("Translatable message for the citizen")

"""Marker interfaces shared by every capability of comune.istanze."""

from zope.interface import Interface
from zope.publisher.interfaces.browser import IDefaultBrowserLayer


class IComuneIstanzeLayer(IDefaultBrowserLayer):
    """Browser layer installed with the add-on."""


class IApplicationType(Interface):
    """Marker for a 'Tipologia di istanza' (the editor's content)."""


class IApplication(Interface):
    """Marker for a citizen application (an istanza).

    Every portal type generated from a published application type uses a
    class providing this interface.
    """

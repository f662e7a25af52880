"""Registry access for the INAD settings; the client in use."""

from comune.istanze.integrations.inad.interfaces import IINADClient
from comune.istanze.integrations.inad.interfaces import IINADSettings
from plone.registry.interfaces import IRegistry
from zope.component import getUtility
from zope.component import queryUtility


PREFIX = "comune.istanze.inad"


def inad_settings():
    return getUtility(IRegistry).forInterface(IINADSettings, prefix=PREFIX, check=False)


def current_client():
    """The configured client, or None when the Comune does not use INAD."""
    name = (inad_settings().client or "").strip()
    if not name:
        return None
    return queryUtility(IINADClient, name=name)

"""Registry access for the ANPR settings; the client in use."""

from comune.istanze.integrations.anpr.interfaces import IANPRClient
from comune.istanze.integrations.anpr.interfaces import IANPRSettings
from plone.registry.interfaces import IRegistry
from zope.component import getUtility
from zope.component import queryUtility


PREFIX = "comune.istanze.anpr"


def anpr_settings():
    return getUtility(IRegistry).forInterface(IANPRSettings, prefix=PREFIX, check=False)


def current_client():
    """The configured client, or None when the Comune does not use ANPR."""
    name = (anpr_settings().client or "").strip()
    if not name:
        return None
    return queryUtility(IANPRClient, name=name)

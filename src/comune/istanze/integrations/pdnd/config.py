"""Registry access for the PDND settings; the client in use."""

from comune.istanze.integrations.pdnd.interfaces import IPDNDClient
from comune.istanze.integrations.pdnd.interfaces import IPDNDSettings
from plone.registry.interfaces import IRegistry
from zope.component import getUtility
from zope.component import queryUtility


PREFIX = "comune.istanze.pdnd"


def pdnd_settings():
    return getUtility(IRegistry).forInterface(IPDNDSettings, prefix=PREFIX, check=False)


def current_client():
    """The configured client, or None when the Comune does not use PDND."""
    name = (pdnd_settings().client or "").strip()
    if not name:
        return None
    return queryUtility(IPDNDClient, name=name)

"""Registry access for the pagoPA settings."""

from comune.istanze.integrations.pagopa.interfaces import IPagoPAClient
from comune.istanze.integrations.pagopa.interfaces import IPagoPASettings
from plone.registry.interfaces import IRegistry
from zope.component import getUtility
from zope.component import queryUtility


PREFIX = "comune.istanze.pagopa"


def pagopa_settings():
    return getUtility(IRegistry).forInterface(IPagoPASettings, prefix=PREFIX, check=False)


def current_client():
    """The configured client, or None when the Comune does not use pagoPA."""
    name = (pagopa_settings().client or "").strip()
    if not name:
        return None
    return queryUtility(IPagoPAClient, name=name)

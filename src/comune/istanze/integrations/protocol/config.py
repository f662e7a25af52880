"""Registry access for the protocol settings."""

from comune.istanze.integrations.protocol.interfaces import IProtocolAdapter
from comune.istanze.integrations.protocol.interfaces import IProtocolSettings
from plone.registry.interfaces import IRegistry
from zope.component import getUtility
from zope.component import queryUtility


PREFIX = "comune.istanze.protocol"


def protocol_settings():
    return getUtility(IRegistry).forInterface(IProtocolSettings, prefix=PREFIX, check=False)


def current_adapter():
    """The configured adapter, or None when no protocol register is used."""
    name = (protocol_settings().adapter or "").strip()
    if not name:
        return None
    return queryUtility(IProtocolAdapter, name=name)

"""Registry access for App IO, and the client in use."""

from comune.istanze.integrations.appio.interfaces import IAppIOClient
from comune.istanze.integrations.appio.interfaces import IAppIOSettings
from comune.istanze.integrations.appio.interfaces import PREFIX
from plone.registry.interfaces import IRegistry
from zope.component import queryUtility


def appio_settings():
    registry = queryUtility(IRegistry)
    return registry.forInterface(IAppIOSettings, prefix=PREFIX, check=False) if registry else None


def setting(name):
    proxy = appio_settings()
    value = getattr(proxy, name, None) if proxy is not None else None
    return value if value is not None else IAppIOSettings[name].default


def configured():
    return bool((setting("url") or "").strip() and (setting("api_key") or "").strip())


def current_client():
    """The configured client, or None when the Comune has not set App IO up."""
    if not configured():
        return None
    return queryUtility(IAppIOClient, name=(setting("client") or "rest").strip())


def payee_fiscal_code():
    own = (setting("payee_fiscal_code") or "").strip()
    if own:
        return own
    registry = queryUtility(IRegistry)
    return (registry.get("comune.istanze.pagopa.creditor_fiscal_code") or "").strip()

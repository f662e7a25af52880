"""The PAS plugin of the service accounts (installed by the profile).

* Extraction: ``Authorization: Bearer <token>`` when the token has the shape
  of a service-account token (``sa-<slug>.<secret>``); and, only when the
  registry says the proxy sets it (``trust_cert_header``), the client
  certificate header it names.
* Authentication: the account of a valid, unexpired token or of a bound
  certificate; only credentials this plugin extracted are considered, so a
  service account never logs in through a login form or a cookie (it has no
  password and no session).
* Properties: the account's name as ``fullname`` (audit log, decision PDF).

No enumeration: service accounts are not users of the site; ``@users``,
Sharing and the user search never list them.
"""

from AccessControl.SecurityInfo import ClassSecurityInfo
from comune.istanze.service_accounts.interfaces import PREFIX
from comune.istanze.service_accounts.store import account_for_certificate
from comune.istanze.service_accounts.store import account_for_token
from comune.istanze.service_accounts.store import get_account
from comune.istanze.service_accounts.store import PRINCIPAL_PREFIX
from plone import api
from Products.PluggableAuthService.interfaces.plugins import IAuthenticationPlugin
from Products.PluggableAuthService.interfaces.plugins import IExtractionPlugin
from Products.PluggableAuthService.interfaces.plugins import IPropertiesPlugin
from Products.PluggableAuthService.plugins.BasePlugin import BasePlugin
from zope.interface import implementer


PLUGIN_ID = "service_accounts"
INTERFACES = ("IExtractionPlugin", "IAuthenticationPlugin", "IPropertiesPlugin")


def _setting(name, default):
    return api.portal.get_registry_record(f"{PREFIX}.{name}", default=default)


@implementer(IExtractionPlugin, IAuthenticationPlugin, IPropertiesPlugin)
class ServiceAccountPlugin(BasePlugin):
    """Scoped tokens and proxy-verified client certificates of back-end systems."""

    meta_type = "comune.istanze service accounts"
    security = ClassSecurityInfo()

    def __init__(self, id_=PLUGIN_ID, title="Account di servizio (comune.istanze)"):
        self._setId(id_)
        self.title = title

    @security.private
    def extractCredentials(self, request):
        auth = request._auth or request.getHeader("Authorization") or ""
        scheme, _sp, token = auth.partition(" ")
        token = token.strip()
        if scheme.lower() == "bearer" and token.startswith(PRINCIPAL_PREFIX) and "." in token:
            return {"service_account_token": token}
        if _setting("trust_cert_header", False):
            header = _setting("cert_header", "") or ""
            subject = request.getHeader(header) if header else None
            if subject:
                return {"service_account_cert": subject}
        return {}

    @security.private
    def authenticateCredentials(self, credentials):
        if credentials.get("extractor") != self.getId():
            return None
        if "service_account_token" in credentials:
            account = account_for_token(credentials["service_account_token"])
        elif "service_account_cert" in credentials and _setting("trust_cert_header", False):
            account = account_for_certificate(credentials["service_account_cert"])
        else:
            account = None
        return (account.id, account.id) if account is not None else None

    @security.private
    def getPropertiesForUser(self, user, request=None):
        account = get_account(user.getId())
        if account is None:
            return {}
        return {"fullname": account.name, "email": ""}


def install(portal=None):
    """Add and activate the plugin in the site's acl_users (idempotent);
    answer whether it was added. Extraction and authentication come first,
    so a Bearer token of a service account is not offered to other plugins'
    sessions first."""
    portal = portal or api.portal.get()
    pas = portal.acl_users
    added = PLUGIN_ID not in pas.objectIds()
    if added:
        pas._setObject(PLUGIN_ID, ServiceAccountPlugin())
    plugin = pas[PLUGIN_ID]
    plugin.manage_activateInterfaces(list(INTERFACES))
    registry = pas.plugins
    for name in ("IExtractionPlugin", "IAuthenticationPlugin"):
        iface = registry._getInterfaceFromName(name)
        while registry.listPluginIds(iface).index(PLUGIN_ID) > 0:
            registry.movePluginsUp(iface, [PLUGIN_ID])
    return added


def uninstall(portal=None):
    portal = portal or api.portal.get()
    if PLUGIN_ID in portal.acl_users.objectIds():
        portal.acl_users._delObject(PLUGIN_ID)
        return True
    return False

"""Citizens log in with SPID, CIE or CNS through a regional/proxy broker.

``provider.SpidCieBroker`` is a pas.plugins.authomatic provider speaking
OpenID Connect (code flow + PKCE, state, nonce, RS256 id_token checked on the
broker's JWKS); ``broker.OIDCBroker`` is the HTTP client, registered as the
``oidc`` :class:`IIdentityBroker` utility; ``views`` has ``@@spid-login``
(start and callback), ``@@accedi`` and the header button.
"""

from urllib.parse import urlencode


def login_url(portal_url, level=None, came_from=None):
    """URL that starts a new SPID/CIE login, e.g. at a type's minimum level.

    ``login_url(portal_url, "SpidL3", app_type_url)`` is what the apply page
    links to when the citizen's current level is too low.
    """
    query = {k: v for k, v in (("acr", level), ("came_from", came_from)) if v}
    suffix = f"?{urlencode(query)}" if query else ""
    return f"{portal_url}/@@spid-login{suffix}"

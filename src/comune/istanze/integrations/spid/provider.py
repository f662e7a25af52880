"""pas.plugins.authomatic provider for a SPID/CIE broker speaking OIDC.

Configured by dotted name (``"class_"``) in the plugin's JSON configuration
(see ``profiles/default/registry/spid.xml``). The broker's URL and the client
credentials come from the ``comune.istanze.spid.*`` registry records through
the :class:`IIdentityBroker` utility named there.

Flow: authorization code with PKCE (S256), ``state`` and ``nonce``, kept in
our signed JSON cookie (:mod:`.flowstate`, 10 minutes). The provider runs
only with that state: reached through pas.plugins.authomatic's own entry
points (``@@authomatic-handler``, ``@login-authomatic``), which hand it
authomatic's pickle session, it refuses before that session is read. Back from the broker the
code is exchanged, the id_token verified (RS256 against the JWKS; iss, aud,
exp, nonce), the claims read from userinfo. Any refusal raises
:class:`LoginRefused`, which authomatic reports as ``result.error``.
"""

from authomatic import providers
from authomatic.core import SupportedUserAttributes
from authomatic.core import User
from authomatic.providers.oauth2 import OAuth2
from comune.istanze.content.vocabularies import LOA_RANK
from comune.istanze.content.vocabularies import loa_satisfies
from comune.istanze.integrations.spid import errors
from comune.istanze.integrations.spid.broker import settings
from comune.istanze.integrations.spid.claims import identity_from_claims
from comune.istanze.integrations.spid.claims import level_of
from comune.istanze.integrations.spid.flowstate import FlowState
from comune.istanze.integrations.spid.interfaces import IIdentityBroker
from zope.component import getUtility

import base64
import hashlib
import hmac
import secrets


PROVIDER_NAME = "spid"


def pkce_pair():
    verifier = secrets.token_urlsafe(64)
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def requested_level(value, default):
    """The level to ask for: the requested one, never below the default."""
    level = level_of(value) or level_of(f"https://www.spid.gov.it/{value}") or default
    return max(level, default, key=lambda lv: LOA_RANK.get(lv, 0))


class SpidCieBroker(OAuth2):
    """OpenID Connect login through a regional/proxy SPID-CIE broker."""

    # Endpoints come from the broker's discovery document.
    user_authorization_url = ""
    access_token_url = ""
    user_info_url = ""
    supported_user_attributes = SupportedUserAttributes(
        id=True, username=True, name=True, first_name=True, last_name=True, email=True,
    )

    @property
    def broker(self):
        return getUtility(IIdentityBroker, name=settings().broker or "oidc")

    @providers.login_decorator
    def login(self):
        if not isinstance(self.session, FlowState):
            raise errors.expired_session()
        params = self.params
        if params.get("error"):
            if params["error"] == "access_denied":
                raise errors.cancelled()
            raise errors.invalid_token("broker_error")
        if params.get("code"):
            self._finish(params)
        else:
            self._start(params)

    def _start(self, params):
        level = requested_level(params.get("acr"), settings().default_level)
        verifier, challenge = pkce_pair()
        flow = {
            "state": secrets.token_urlsafe(32),
            "nonce": secrets.token_urlsafe(32),
            "verifier": verifier,
            "level": level,
        }
        url = self.broker.authorization_url(
            self.url, flow["state"], flow["nonce"], challenge, level
        )
        self._session_set("flow", flow)
        self.redirect(url)

    def _finish(self, params):
        flow = self._session_get("flow")
        if not flow or not hmac.compare_digest(str(params.get("state", "")), flow["state"]):
            raise errors.expired_session()
        broker = self.broker
        tokens = broker.exchange_code(params["code"], self.url, flow["verifier"])
        claims = broker.verify_id_token(tokens["id_token"], flow["nonce"])
        info = broker.userinfo(tokens["access_token"])
        identity = identity_from_claims(claims, info, settings().method_claim)
        if not loa_satisfies(identity["loa"], flow["level"]):
            raise errors.level_too_low(flow["level"])
        # No tokens are kept: the identity of this login is all we store.
        self.user = User(
            self,
            id=identity["fiscal_code"],
            username=identity["fiscal_code"],
            name=identity["fullname"],
            first_name=identity["first_name"],
            last_name=identity["last_name"],
            email=identity["email"],
            data=identity,
        )

    def update_user(self):
        """Claims were read from userinfo during login: nothing to fetch."""
        return self.user


# authomatic derives the provider type id from this list (Credentials.type_id).
PROVIDER_ID_MAP = [SpidCieBroker]

"""OpenID Connect client of a SPID/CIE broker (the ``oidc`` IIdentityBroker).

Discovery from ``<issuer>/.well-known/openid-configuration`` and the JWKS are
cached per process (the JWKS is fetched again when an unknown ``kid`` shows
up, so key rotation works). Every network failure becomes a
:class:`LoginRefused` with an Italian message; nothing here writes to the ZODB.
"""

from comune.istanze.integrations.spid import errors
from comune.istanze.integrations.spid.interfaces import IIdentityBroker
from comune.istanze.integrations.spid.interfaces import ISpidSettings
from plone.registry.interfaces import IRegistry
from urllib.parse import urlencode
from zope.component import getUtility
from zope.interface import implementer

import hmac
import jwt
import logging
import requests
import threading
import time


logger = logging.getLogger(__name__)

ACR_PREFIX = "https://www.spid.gov.it/"
METADATA_TTL = 3600
ID_TOKEN_LEEWAY = 30
_cache = {}
_lock = threading.Lock()


def settings():
    return getUtility(IRegistry).forInterface(ISpidSettings, prefix="comune.istanze.spid")


def _cached(key, fetch, force=False):
    now = time.time()
    with _lock:
        hit = _cache.get(key)
    if hit and hit[0] > now and not force:
        return hit[1]
    value = fetch()
    with _lock:
        _cache[key] = (now + METADATA_TTL, value)
    return value


@implementer(IIdentityBroker)
class OIDCBroker:
    """Authorization code flow with PKCE against an OIDC broker."""

    def __init__(self, config=None):
        self.config = config  # tests may pass an object with ISpidSettings fields

    @property
    def cfg(self):
        cfg = self.config or settings()
        if not (cfg.issuer and cfg.client_id and cfg.client_secret):
            raise errors.not_configured()
        return cfg

    # -- HTTP ---------------------------------------------------------------
    def _request(self, method, url, **kw):
        try:
            response = requests.request(method, url, timeout=self.cfg.timeout, **kw)
        except requests.RequestException as exc:
            logger.warning("Broker SPID/CIE non raggiungibile (%s): %s", url, exc)
            raise errors.broker_down() from exc
        return response

    def _json(self, response):
        try:
            return response.json()
        except ValueError:
            logger.warning("Risposta non JSON dal broker: %s %s", response.status_code, response.url)
            raise errors.broker_down() from None

    def metadata(self, force=False):
        issuer = self.cfg.issuer.rstrip("/")

        def fetch():
            url = f"{issuer}/.well-known/openid-configuration"
            response = self._request("GET", url)
            doc = self._json(response) if response.status_code == 200 else None
            if not doc or doc.get("issuer", "").rstrip("/") != issuer:
                logger.warning("Discovery del broker non valida: %s", url)
                raise errors.broker_down()
            return doc

        return _cached(("discovery", issuer), fetch, force)

    def _signing_key(self, id_token):
        try:
            kid = jwt.get_unverified_header(id_token).get("kid")
        except jwt.InvalidTokenError:
            raise errors.invalid_token("malformed_id_token") from None
        jwks_uri = self.metadata()["jwks_uri"]
        for force in (False, True):
            keys = _cached(("jwks", jwks_uri), lambda: self._json(self._request("GET", jwks_uri)), force)
            try:
                keyset = jwt.PyJWKSet.from_dict(keys)
            except jwt.PyJWTError:
                raise errors.broker_down() from None
            for key in keyset.keys:
                if kid is None or key.key_id == kid:
                    return key.key
        raise errors.invalid_token("unknown_key")

    # -- IIdentityBroker ----------------------------------------------------
    def authorization_url(self, redirect_uri, state, nonce, code_challenge, level):
        cfg, meta = self.cfg, self.metadata()
        query = {
            "client_id": cfg.client_id,
            "response_type": "code",
            "scope": cfg.scope,
            "redirect_uri": redirect_uri,
            "state": state,
            "nonce": nonce,
            "code_challenge": code_challenge,
            "code_challenge_method": "S256",
            "acr_values": ACR_PREFIX + level,
            "prompt": "login",
        }
        return f"{meta['authorization_endpoint']}?{urlencode(query)}"

    def exchange_code(self, code, redirect_uri, code_verifier):
        cfg, meta = self.cfg, self.metadata()
        response = self._request(
            "POST", meta["token_endpoint"],
            auth=(cfg.client_id, cfg.client_secret),
            data={"grant_type": "authorization_code", "code": code,
                  "redirect_uri": redirect_uri, "code_verifier": code_verifier},
            headers={"Accept": "application/json"},
        )
        body = self._json(response)
        if response.status_code == 200 and body.get("id_token") and body.get("access_token"):
            return body
        error = body.get("error")
        logger.warning("Token endpoint: %s %s", response.status_code, body)
        if error == "invalid_grant":
            raise errors.code_refused()
        if error in ("invalid_client", "unauthorized_client"):
            raise errors.not_configured()
        raise errors.broker_down()

    def verify_id_token(self, id_token, nonce):
        cfg, meta = self.cfg, self.metadata()
        key = self._signing_key(id_token)
        try:
            claims = jwt.decode(
                id_token, key, algorithms=["RS256"], audience=cfg.client_id,
                issuer=meta["issuer"], leeway=ID_TOKEN_LEEWAY,
                options={"require": ["iss", "aud", "exp", "iat", "sub", "nonce"]},
            )
        except jwt.ExpiredSignatureError:
            raise errors.invalid_token("expired_id_token") from None
        except jwt.InvalidSignatureError:
            raise errors.invalid_token("bad_signature") from None
        except jwt.InvalidTokenError as exc:
            logger.warning("id_token rifiutato: %s", exc)
            raise errors.invalid_token("bad_id_token") from None
        if not hmac.compare_digest(str(claims["nonce"]), nonce or ""):
            raise errors.invalid_token("bad_nonce")
        return claims

    def userinfo(self, access_token):
        response = self._request(
            "GET", self.metadata()["userinfo_endpoint"],
            headers={"Authorization": f"Bearer {access_token}", "Accept": "application/json"},
        )
        if response.status_code != 200:
            logger.warning("Userinfo: %s", response.status_code)
            raise errors.invalid_token("userinfo_refused")
        return self._json(response)

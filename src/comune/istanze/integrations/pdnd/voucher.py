"""The PDND client: client assertion, voucher request, cache, ModI headers.

The only module that knows the token endpoint's wire format
(``pdnd-v2.yaml``, ``POST /token.oauth2``): an ``application/x-www-form-
urlencoded`` body with ``client_id``, ``client_assertion`` (RS256, header
``kid``/``alg``/``typ``; claims ``iss`` = ``sub`` = client id, ``aud``,
``jti``, ``iat``, ``exp``, ``purposeId`` and optionally ``digest``: nothing
else, PDND refuses other claims), ``client_assertion_type`` and
``grant_type=client_credentials``; the answer ``{access_token, token_type,
expires_in}``. Errors answer a Problem (``title``, ``detail``, ``errors``).
"""

from comune.istanze.integrations.pdnd import modi as modi_jwt
from comune.istanze.integrations.pdnd.cache import TokenCache
from comune.istanze.integrations.pdnd.cache import fresh_until
from comune.istanze.integrations.pdnd.errors import PDNDNotConfigured
from comune.istanze.integrations.pdnd.errors import PDNDRejected
from comune.istanze.integrations.pdnd.errors import PDNDUnavailable
from comune.istanze.integrations.pdnd.interfaces import Audit
from comune.istanze.integrations.pdnd.interfaces import IPDNDClient
from comune.istanze.integrations.pdnd.keys import private_key
from urllib.parse import urlsplit
from zope.interface import implementer

import jwt
import time
import uuid


ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
SYSTEM_USER = "comune.istanze"
REFUSALS = {
    400: "PDND ha rifiutato la richiesta di voucher perché non valida",
    401: "PDND non ha riconosciuto il client del Comune (client id, chiave o finalità)",
    403: "PDND nega il voucher: finalità non attiva o non associata al client",
    404: "PDND non conosce la finalità richiesta",
}
BODY_METHODS = ("POST", "PUT", "PATCH")


def problem_message(status, body):
    """The Italian message of an error answer of the token endpoint."""
    base = REFUSALS.get(status) or (
        "Troppe richieste a PDND: si riproverà più tardi" if status == 429
        else "Servizio PDND in errore")
    detail = ""
    if isinstance(body, dict):
        parts = [str(body[k]) for k in ("title", "detail", "error", "error_description")
                 if body.get(k)]
        parts += [str(e.get("detail")) for e in body.get("errors") or () if isinstance(e, dict)]
        detail = ": ".join(parts)
    return f"{base} (HTTP {status})." + (f" Dettaglio: {detail}" if detail else "")


def current_user_id():
    """The id of the user on whose behalf the call is made (audit userID)."""
    try:
        from AccessControl.SecurityManagement import getSecurityManager

        user_id = getSecurityManager().getUser().getId()
    except Exception:  # no Zope security context (worker thread, script)
        return SYSTEM_USER
    return SYSTEM_USER if user_id in (None, "System Processes") else user_id


@implementer(IPDNDClient)
class PDNDClient:
    """Named utility ``pdnd``: PDND Interoperabilità (voucher + ModI headers)."""

    title = "PDND Interoperabilità"

    def __init__(self, settings=None, session=None, clock=time.time):
        self._settings = settings
        self._session = session
        self.clock = clock
        self.vouchers = TokenCache(clock)
        self.evidences = TokenCache(clock)

    def settings(self):
        if self._settings is not None:
            return self._settings
        from comune.istanze.integrations.pdnd.config import pdnd_settings

        return pdnd_settings()

    def _identity(self, s):
        client_id, kid = (s.client_id or "").strip(), (s.kid or "").strip()
        if not client_id or not kid:
            raise PDNDNotConfigured("Client id o kid PDND non configurati.")
        return client_id, kid, private_key(s)

    # -- voucher -------------------------------------------------------------

    def voucher(self, purpose_id):
        return self._voucher(purpose_id, None)

    def _voucher(self, purpose_id, digest):
        if not (purpose_id or "").strip():
            raise PDNDNotConfigured("Finalità PDND (purposeId) non configurata per il servizio.")
        s = self.settings()
        key = (s.token_url, s.client_id, purpose_id, digest and digest["value"])
        return self.vouchers.get(key, lambda: self._request_voucher(s, purpose_id, digest))

    def client_assertion(self, s, purpose_id, digest=None):
        client_id, kid, key = self._identity(s)
        now = int(self.clock())
        claims = {"iss": client_id, "sub": client_id, "aud": s.assertion_audience,
                  "purposeId": purpose_id, "jti": str(uuid.uuid4()), "iat": now,
                  "exp": now + int(s.assertion_lifetime or 300)}
        if digest:
            claims["digest"] = digest
        return jwt.encode(claims, key, algorithm="RS256", headers={"kid": kid, "typ": "JWT"})

    def _request_voucher(self, s, purpose_id, digest):
        import requests

        url = (s.token_url or "").strip()
        if not url:
            raise PDNDNotConfigured("Indirizzo del servizio voucher PDND non configurato.")
        form = {"client_id": s.client_id, "client_assertion_type": ASSERTION_TYPE,
                "client_assertion": self.client_assertion(s, purpose_id, digest),
                "grant_type": "client_credentials"}
        asked = self.clock()
        try:
            answer = (self._session or requests).post(
                url, data=form, headers={"Accept": "application/json"},
                timeout=(s.connect_timeout or 5, s.read_timeout or 10), allow_redirects=False)
        except (requests.ConnectionError, requests.Timeout) as exc:
            raise PDNDUnavailable(f"Servizio voucher PDND non raggiungibile: {exc}") from exc
        try:
            body = answer.json()
        except ValueError:
            body = None
        if answer.status_code != 200:
            message = problem_message(answer.status_code, body)
            if answer.status_code in REFUSALS:
                raise PDNDRejected(message, answer.status_code)
            raise PDNDUnavailable(message, answer.status_code)
        if (not isinstance(body, dict) or not body.get("access_token")
                or str(body.get("token_type", "")).lower() != "bearer"
                or not isinstance(body.get("expires_in"), int) or body["expires_in"] <= 0):
            raise PDNDUnavailable("Risposta non valida dal servizio voucher PDND.", 200)
        return body["access_token"], fresh_until(asked, body["expires_in"])

    # -- ModI headers ---------------------------------------------------------

    def default_audit(self, user_id=None):
        """The configured audit claims for ``user_id`` (the current user when None)."""
        s = self.settings()
        return Audit(user_id=user_id or current_user_id(),
                     user_location=s.user_location or "servizi-online", loa=s.loa or "LoA3")

    def _evidence(self, s, purpose_id, audience, audit):
        client_id, kid, key = self._identity(s)
        lifetime = int(s.assertion_lifetime or 300)

        def make():
            now = self.clock()
            token = modi_jwt.tracking_evidence(key, kid, client_id, audience, purpose_id, audit,
                                           now, lifetime)
            return token, fresh_until(now, lifetime)

        return self.evidences.get((client_id, purpose_id, audience, audit), make)

    def headers(self, purpose_id, method, url, body, audience, audit=None, modi=True,
                content_type="application/json"):
        s = self.settings()
        audience = audience or _origin_path(url)
        out, digest = {}, None
        if modi:
            evidence = self._evidence(s, purpose_id, audience, audit or self.default_audit())
            out["Agid-JWT-TrackingEvidence"] = evidence
            digest = modi_jwt.evidence_digest(evidence)
            if body is not None and (body or method.upper() in BODY_METHODS):
                client_id, kid, key = self._identity(s)
                out["Digest"] = modi_jwt.body_digest(body)
                out["Content-Type"] = content_type
                out["Agid-JWT-Signature"] = modi_jwt.signature(
                    key, kid, client_id, audience, out["Digest"], content_type, self.clock(),
                    int(s.assertion_lifetime or 300))
        out["Authorization"] = "Bearer " + self._voucher(purpose_id, digest)
        return out


def _origin_path(url):
    parts = urlsplit(url or "")
    return f"{parts.scheme}://{parts.netloc}{parts.path}" if parts.netloc else (url or "")

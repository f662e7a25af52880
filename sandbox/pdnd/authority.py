"""The sandbox PDND's voucher issuing: what ``POST /token.oauth2`` checks.

The client assertion is checked as PDND does: header ``kid``/``alg``/``typ``
only, RS256, signed with a key registered for the client (``kid``); claims
``iss`` = ``sub`` = client id, ``aud`` = the assertion audience, ``jti``
(never seen before: replay refused), ``iat`` (not in the future), ``exp``
(not past, at most a day after ``iat``), ``purposeId`` (known, of this
client) and optionally ``digest`` ``{alg: "SHA256", value: 64 hex}``;
nothing else. The voucher is a JWT signed with the sandbox's key: ``iss``,
``sub``/``client_id``, ``aud`` (the purpose's e-service), ``purposeId``,
``jti``, ``iat``, ``nbf``, ``exp`` and the ``digest`` when asked.
"""

from sandbox.hooks import TestHooks
from sandbox.pdnd import ASSERTION_AUDIENCE
from sandbox.pdnd import DEMO_PURPOSES
from sandbox.pdnd import ISSUER
from sandbox.pdnd import VOUCHER_KEY
from sandbox.pdnd import VOUCHER_KID
from sandbox.pdnd import demo_clients

import jwt
import re
import threading
import time
import uuid


ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
HEADER = {"kid", "alg", "typ"}
REQUIRED = ("iss", "sub", "aud", "jti", "iat", "exp", "purposeId")
ALLOWED = set(REQUIRED) | {"digest"}
SKEW = 60
MAX_VALIDITY = 86400


class Denied(Exception):
    """A refused voucher request: status, Problem code, English detail."""

    def __init__(self, status, code, detail):
        super().__init__(detail)
        self.status, self.code, self.detail = status, code, detail

    def problem(self):
        title = {400: "Bad Request", 401: "Unauthorized"}.get(self.status, "Error")
        return {"type": "about:blank", "status": self.status, "title": title,
                "detail": self.detail, "errors": [{"code": self.code, "detail": self.detail}]}


class Authority(TestHooks):
    def __init__(self, clients=None, purposes=None, audience=ASSERTION_AUDIENCE, lifetime=600,
                 signing_key=None):
        self.clients = clients if clients is not None else demo_clients()
        self.purposes = {p.id: p for p in (purposes or DEMO_PURPOSES.values())}
        self.audience, self.lifetime = audience, int(lifetime)
        self.signing_key = signing_key or VOUCHER_KEY.read_text(encoding="ascii")
        self.lock = threading.Lock()
        self.reset()

    def reset(self):
        with self.lock:
            self.seen = {}  # jti -> exp
            self.issued = []  # (client_id, purposeId, digest or None)
            self.refused = []  # (status, detail)
            self.reset_hooks()

    def state(self):
        with self.lock:
            return {"calls": self.calls, "mode": self.mode, "issued": len(self.issued),
                    "vouchers": [list(i) for i in self.issued],
                    "refused": [list(r) for r in self.refused]}

    def issue(self, form, now=None):
        """The token answer of a voucher request, or Denied."""
        try:
            claims = self._check(form, time.time() if now is None else now)
        except Denied as exc:
            with self.lock:
                self.refused.append((exc.status, exc.detail))
            raise
        return self._voucher(claims, int(time.time() if now is None else now))

    def _check(self, form, now):
        if form.get("grant_type") != "client_credentials":
            raise Denied(400, "015-0001", "grant_type must be client_credentials")
        if form.get("client_assertion_type") != ASSERTION_TYPE:
            raise Denied(400, "015-0002", f"client_assertion_type must be {ASSERTION_TYPE}")
        assertion = form.get("client_assertion") or ""
        try:
            header = jwt.get_unverified_header(assertion)
            unverified = jwt.decode(assertion, options={"verify_signature": False})
        except jwt.PyJWTError as exc:
            raise Denied(400, "015-0003", f"client_assertion is not a JWS: {exc}") from None
        if set(header) - HEADER or header.get("alg") != "RS256" or not header.get("kid"):
            raise Denied(400, "015-0004", "header: alg RS256 and kid required, typ allowed, "
                         "nothing else")
        client_id = unverified.get("iss")
        key = (self.clients.get(client_id) or {}).get(header["kid"])
        if key is None:
            raise Denied(401, "015-0005", f"kid {header['kid']!r} not registered for client "
                         f"{client_id!r}")
        try:
            claims = jwt.decode(assertion, key, algorithms=["RS256"],
                                options={"verify_aud": False, "verify_exp": False,
                                         "verify_iat": False})
        except jwt.PyJWTError as exc:
            raise Denied(401, "015-0006", f"client_assertion signature: {exc}") from None
        self._claims(claims, form, client_id, now)
        return claims

    def _claims(self, claims, form, client_id, now):
        extra = set(claims) - ALLOWED
        if extra:
            raise Denied(400, "015-0007", f"claims not allowed: {', '.join(sorted(extra))}")
        missing = [c for c in REQUIRED if claims.get(c) in (None, "")]
        if missing:
            raise Denied(400, "015-0008", f"claims missing: {', '.join(missing)}")
        if claims["sub"] != client_id or form.get("client_id", client_id) != client_id:
            raise Denied(401, "015-0009", "iss, sub and client_id must be the client id")
        if claims["aud"] != self.audience:
            raise Denied(401, "015-0010", f"aud must be {self.audience}")
        if not all(isinstance(claims[c], int) for c in ("iat", "exp")):
            raise Denied(400, "015-0011", "iat and exp must be integers")
        if claims["iat"] > now + SKEW or claims["exp"] <= now:
            raise Denied(401, "015-0012", "client_assertion expired or issued in the future")
        if claims["exp"] - claims["iat"] > MAX_VALIDITY:
            raise Denied(400, "015-0013", "client_assertion valid for too long")
        purpose = self.purposes.get(claims["purposeId"])
        if purpose is None or purpose.client_id != client_id:
            raise Denied(401, "015-0014", f"purpose {claims['purposeId']} not active for "
                         "this client")
        digest = claims.get("digest")
        if digest is not None and not (
                isinstance(digest, dict) and set(digest) == {"alg", "value"}
                and digest["alg"] == "SHA256"
                and re.fullmatch(r"[0-9a-f]{64}", str(digest["value"]))):
            raise Denied(400, "015-0015", "digest must be {alg: SHA256, value: 64 hex}")
        with self.lock:
            self.seen = {j: exp for j, exp in self.seen.items() if exp > now}
            if claims["jti"] in self.seen:
                raise Denied(401, "015-0016", "jti already used (replay)")
            self.seen[claims["jti"]] = claims["exp"]

    def _voucher(self, claims, now):
        purpose = self.purposes[claims["purposeId"]]
        voucher = {"iss": ISSUER, "sub": claims["iss"], "client_id": claims["iss"],
                   "aud": purpose.audience, "purposeId": purpose.id, "jti": str(uuid.uuid4()),
                   "iat": now, "nbf": now, "exp": now + self.lifetime}
        if claims.get("digest"):
            voucher["digest"] = claims["digest"]
        token = jwt.encode(voucher, self.signing_key, algorithm="RS256",
                           headers={"kid": VOUCHER_KID, "typ": "at+jwt"})
        with self.lock:
            self.issued.append((claims["iss"], purpose.id, (claims.get("digest") or {}).get("value")))
        return {"access_token": token, "token_type": "Bearer", "expires_in": self.lifetime}

"""Checks the e-service simulators run on every call they receive.

- :func:`verify_voucher`: the ``Authorization: Bearer`` voucher was issued
  by the sandbox PDND (its key), for this e-service (``aud``), not expired;
- :func:`verify_modi`: ``Agid-JWT-TrackingEvidence`` signed by the client's
  registered key (``kid``), with ``userID``, ``userLocation``, ``LoA``, the
  voucher's ``purposeId``, and bound to the voucher by its SHA-256 (the
  voucher's ``digest`` claim); for a request with a body, ``Digest`` equal to
  the body's SHA-256 and ``Agid-JWT-Signature`` signed by the same key whose
  ``signed_headers`` carry that digest and the request's content type;
- :func:`verify_call`: both, from the request's headers and body.

Each failure raises :class:`Refused` (HTTP status and an English detail, as
the real gateways answer).
"""

from sandbox.pdnd import ISSUER
from sandbox.pdnd import VOUCHER_PUB
from sandbox.pdnd import demo_clients

import base64
import hashlib
import jwt
import time


LEEWAY = 60
AUDIT_CLAIMS = ("userID", "userLocation", "LoA")


class Refused(Exception):
    def __init__(self, status, detail):
        super().__init__(detail)
        self.status, self.detail = status, detail


def _voucher_key():
    return VOUCHER_PUB.read_text(encoding="ascii")


def verify_voucher(token, audience, public_key=None, now=None):
    """The claims of a voucher for ``audience``; Refused(401) otherwise."""
    try:
        claims = jwt.decode(
            token, public_key or _voucher_key(), algorithms=["RS256"], audience=audience,
            issuer=ISSUER, leeway=LEEWAY,
            options={"require": ["exp", "iat", "aud", "iss", "jti", "purposeId", "client_id"],
                     "verify_iat": True})
    except jwt.PyJWTError as exc:
        raise Refused(401, f"Invalid voucher: {exc}") from None
    if now is not None and claims["exp"] <= now:
        raise Refused(401, "Invalid voucher: expired")
    return claims


def _client_jwt(token, name, voucher, audience, clients):
    try:
        kid = jwt.get_unverified_header(token).get("kid")
    except jwt.PyJWTError as exc:
        raise Refused(400, f"{name}: not a JWT ({exc})") from None
    key = (clients.get(voucher["client_id"]) or {}).get(kid)
    if key is None:
        raise Refused(401, f"{name}: unknown kid {kid!r} for client {voucher['client_id']}")
    try:
        return jwt.decode(token, key, algorithms=["RS256"], audience=audience, leeway=LEEWAY,
                          options={"require": ["exp", "iat", "aud", "jti"]})
    except jwt.PyJWTError as exc:
        raise Refused(401, f"{name}: {exc}") from None


def body_digest(body):
    return "SHA-256=" + base64.b64encode(hashlib.sha256(body or b"").digest()).decode("ascii")


def verify_modi(headers, body, voucher, audience, clients=None, audit=True):
    """The tracking evidence's claims (None when ``audit`` is false)."""
    headers = {k.lower(): v for k, v in headers.items()}
    clients = clients if clients is not None else demo_clients()
    evidence = None
    if audit:
        token = headers.get("agid-jwt-trackingevidence")
        if not token:
            raise Refused(400, "Agid-JWT-TrackingEvidence missing")
        evidence = _client_jwt(token, "Agid-JWT-TrackingEvidence", voucher, audience, clients)
        missing = [c for c in AUDIT_CLAIMS if not str(evidence.get(c) or "").strip()]
        if missing:
            raise Refused(400, f"Agid-JWT-TrackingEvidence: missing {', '.join(missing)}")
        if evidence.get("purposeId") != voucher["purposeId"]:
            raise Refused(401, "Agid-JWT-TrackingEvidence: purposeId differs from the voucher's")
        bound = voucher.get("digest") or {}
        if bound.get("value") != hashlib.sha256(token.encode("ascii")).hexdigest():
            raise Refused(401, "Agid-JWT-TrackingEvidence: not the one bound to the voucher")
    if body:
        digest = headers.get("digest")
        if digest != body_digest(body):
            raise Refused(400, "Digest missing or not the SHA-256 of the body")
        token = headers.get("agid-jwt-signature")
        if not token:
            raise Refused(400, "Agid-JWT-Signature missing")
        claims = _client_jwt(token, "Agid-JWT-Signature", voucher, audience, clients)
        signed = {}
        for item in claims.get("signed_headers") or ():
            signed.update({k.lower(): v for k, v in item.items()} if isinstance(item, dict) else {})
        if signed.get("digest") != digest:
            raise Refused(400, "Agid-JWT-Signature: signed digest differs from Digest")
        ctype = headers.get("content-type", "")
        if signed.get("content-type") != ctype:
            raise Refused(400, "Agid-JWT-Signature: signed content-type differs from Content-Type")
    return evidence


def verify_call(headers, body, audience, clients=None, audit=True, public_key=None):
    """(voucher claims, audit claims) of a call to an e-service; Refused otherwise."""
    lowered = {k.lower(): v for k, v in headers.items()}
    auth = lowered.get("authorization", "")
    if not auth.startswith("Bearer ") or not auth[7:].strip():
        raise Refused(401, "Bearer voucher missing")
    voucher = verify_voucher(auth[7:].strip(), audience, public_key, now=time.time())
    return voucher, verify_modi(lowered, body, voucher, audience, clients, audit)

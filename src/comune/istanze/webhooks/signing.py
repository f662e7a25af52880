"""Signatures of the deliveries.

``hmac`` follows the Standard Webhooks convention (standardwebhooks.com):
headers ``webhook-id`` (the CloudEvent id), ``webhook-timestamp`` (Unix
seconds) and ``webhook-signature: v1,<base64 HMAC-SHA256>`` computed over
``"<id>.<timestamp>.<body>"``. A secret written ``whsec_<base64>`` is used
decoded, as the convention says; any other secret is used as UTF-8 bytes.

``jws-hs256`` and ``jws-rs256`` send a detached JWS (RFC 7515 appendix F)
of the body in ``x-jws-signature``: ``<protected header>..<signature>``;
the protected header carries ``kid`` (the endpoint id), ``webhook-id`` and
``webhook-timestamp``, so id and time are signed too. For ``jws-rs256`` the
secret is the Comune's RSA private key (PEM); the receiver keeps the public
key (:func:`public_key_pem`).
"""

from comune.istanze import _
from cryptography.hazmat.primitives import serialization

import base64
import hashlib
import hmac
import jwt


MODES = {
    "hmac": "HMAC-SHA256 (Standard Webhooks)",
    "jws-hs256": "JWS distaccata HS256",
    "jws-rs256": "JWS distaccata RS256",
}


def secret_bytes(secret):
    if secret.startswith("whsec_"):
        return base64.b64decode(secret[len("whsec_"):], validate=True)
    return secret.encode("utf-8")


def hmac_signature(secret, event_id, timestamp, body):
    signed = f"{event_id}.{timestamp}.".encode() + body
    digest = hmac.new(secret_bytes(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode("ascii")


def detached_jws(mode, secret, key_id, event_id, timestamp, body):
    algorithm = "HS256" if mode == "jws-hs256" else "RS256"
    key = secret_bytes(secret) if algorithm == "HS256" else secret
    token = jwt.api_jws.encode(body, key, algorithm=algorithm, headers={
        "kid": key_id, "webhook-id": event_id, "webhook-timestamp": timestamp})
    header, _payload, signature = token.split(".")
    return f"{header}..{signature}"


def headers(mode, secret, key_id, event_id, timestamp, body):
    """The HTTP headers that sign ``body`` (bytes) for one delivery."""
    result = {"webhook-id": event_id, "webhook-timestamp": str(timestamp)}
    if mode == "hmac":
        result["webhook-signature"] = hmac_signature(secret, event_id, timestamp, body)
    else:
        result["x-jws-signature"] = detached_jws(mode, secret, key_id, event_id, timestamp, body)
    return result


def check_secret(mode, secret):
    """An Italian error message when ``secret`` cannot sign in ``mode``, or None."""
    if mode not in MODES:
        return _("Modalità di firma sconosciuta.")
    if mode == "jws-rs256":
        try:
            key = serialization.load_pem_private_key(secret.encode("ascii"), password=None)
        except (ValueError, TypeError, UnicodeEncodeError):
            return _("Per RS256 il segreto è la chiave privata RSA in formato PEM, senza password.")
        if key.key_size < 2048:
            return _("La chiave RSA deve avere almeno 2048 bit.")
        return None
    try:
        raw = secret_bytes(secret)
    except (ValueError, TypeError):
        return _("Il segreto whsec_ non è base64 valido.")
    if len(raw) < 24:
        return _("Il segreto deve essere lungo almeno 24 caratteri.")
    return None


def public_key_pem(secret):
    """The public key of an RS256 endpoint's private key (for the receiver)."""
    key = serialization.load_pem_private_key(secret.encode("ascii"), password=None)
    return key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def fingerprint(secret):
    """A short fingerprint to recognise a secret without showing it."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()[:12]

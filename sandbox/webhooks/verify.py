"""How a back-end system checks what it receives (the receiver's side).

Written from the conventions, not from the product's code: Standard
Webhooks HMAC-SHA256 (``webhook-id``, ``webhook-timestamp``,
``webhook-signature: v1,<base64>``, possibly several space-separated) and a
detached JWS in ``x-jws-signature`` (RFC 7515 appendix F).
"""

import base64
import hashlib
import hmac
import jwt
import time


TOLERANCE = 300  # seconds of clock difference accepted


def _key(secret):
    prefix = "whsec_"
    return base64.b64decode(secret[len(prefix):]) if secret.startswith(prefix) else secret.encode()


def check_hmac(headers, body, secret, now=None):
    """(ok, reason) for a Standard Webhooks signature."""
    msg_id, stamp = headers.get("webhook-id", ""), headers.get("webhook-timestamp", "")
    offered = headers.get("webhook-signature", "")
    if not (msg_id and stamp.isdigit() and offered):
        return False, "intestazioni webhook-* mancanti"
    if abs((now or time.time()) - int(stamp)) > TOLERANCE:
        return False, "timestamp fuori tolleranza"
    mac = hmac.new(_key(secret), msg_id.encode() + b"." + stamp.encode() + b"." + body,
                   hashlib.sha256)
    expected = base64.b64encode(mac.digest()).decode()
    for item in offered.split():
        version, _sep, value = item.partition(",")
        if version == "v1" and hmac.compare_digest(value, expected):
            return True, "HMAC valido"
    return False, "HMAC non valido"


def check_jws(headers, body, secret=None, public_key=None):
    """(ok, reason) for a detached JWS (HS256 with the secret, RS256 with the key)."""
    value = headers.get("x-jws-signature", "")
    head, sep, signature = value.partition("..")
    if not sep:
        return False, "JWS distaccata mancante"
    payload = base64.urlsafe_b64encode(body).rstrip(b"=").decode()
    token = f"{head}.{payload}.{signature}"
    try:
        algorithm = jwt.get_unverified_header(token).get("alg")
        key = public_key if algorithm == "RS256" else (_key(secret) if secret else None)
        if algorithm not in ("RS256", "HS256") or key is None:
            return False, f"algoritmo {algorithm} senza chiave"
        jwt.api_jws.decode_complete(token, key, algorithms=[algorithm])
    except jwt.PyJWTError as exc:
        return False, f"JWS non valida: {exc}"
    return True, f"JWS {algorithm} valida"


def check(headers, body, secret=None, public_key=None):
    if headers.get("x-jws-signature"):
        return check_jws(headers, body, secret, public_key)
    if secret is None:
        return False, "nessun segreto configurato"
    return check_hmac(headers, body, secret)

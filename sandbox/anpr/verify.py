"""What the sandbox ANPR checks on every call (the erogatore's side of ModI).

- ``Authorization: Bearer <voucher>``: a JWT with ``purposeId`` and a
  future ``exp``; its RS256 signature is checked with the PDND key when the
  sandbox knows it (``voucher_key``).
- ``Digest: SHA-256=<base64>`` of the body (INTEGRITY_REST_02).
- ``Agid-JWT-Signature``: a JWT whose ``signed_headers`` carry the same
  digest, whose ``aud`` is the e-service's URL; RS256 signature checked
  with the Comune's public key when given (``client_key``).
- ``Agid-JWT-TrackingEvidence`` (AUDIT_REST_02): a JWT with ``userID``,
  ``userLocation`` and ``LoA``, signature checked like the previous one.

Written from the ModI guidelines and the OpenAPI, not from the product's code.
"""

import base64
import hashlib
import jwt
import time


class Refused(Exception):
    """A call the e-service refuses: ``status`` and an Italian reason."""

    def __init__(self, status, reason):
        super().__init__(reason)
        self.status, self.reason = status, reason


def _claims(token, key, what, audience=None):
    try:
        if key:
            return jwt.decode(token, key, algorithms=["RS256"], audience=audience,
                              options={"verify_aud": audience is not None})
        return jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError as exc:
        raise Refused(401 if what == "voucher" else 400, f"{what} non valido: {exc}") from None


def body_digest(body):
    return "SHA-256=" + base64.b64encode(hashlib.sha256(body).digest()).decode()


def check(headers, body, audience, voucher_key=None, client_key=None, now=None):
    """Claims of the voucher when the call is acceptable; raises :class:`Refused`."""
    now = now or time.time()
    auth = headers.get("authorization", "")
    if not auth.startswith("Bearer ") or auth.count(".") != 2:
        raise Refused(401, "voucher PDND mancante (Authorization: Bearer)")
    voucher = _claims(auth[len("Bearer "):], voucher_key, "voucher")
    if not voucher.get("purposeId"):
        raise Refused(401, "il voucher non indica la finalità (purposeId)")
    if float(voucher.get("exp", 0)) < now:
        raise Refused(401, "voucher scaduto")
    digest = headers.get("digest", "")
    if digest != body_digest(body):
        raise Refused(400, "Digest mancante o diverso dal corpo della richiesta")
    signature = headers.get("agid-jwt-signature", "")
    if not signature:
        raise Refused(400, "Agid-JWT-Signature mancante")
    signed = _claims(signature, client_key, "Agid-JWT-Signature", audience if client_key else None)
    signed_digests = [h.get("digest") for h in signed.get("signed_headers") or ()
                      if isinstance(h, dict)]
    if digest not in signed_digests:
        raise Refused(400, "Agid-JWT-Signature non firma il Digest della richiesta")
    if signed.get("aud") and signed["aud"] != audience:
        raise Refused(400, f"Agid-JWT-Signature per un altro destinatario ({signed['aud']})")
    tracking = headers.get("agid-jwt-trackingevidence", "")
    if not tracking:
        raise Refused(400, "Agid-JWT-TrackingEvidence mancante")
    evidence = _claims(tracking, client_key, "Agid-JWT-TrackingEvidence",
                       audience if client_key else None)
    missing = [c for c in ("userID", "userLocation", "LoA") if not evidence.get(c)]
    if missing:
        raise Refused(400, "Agid-JWT-TrackingEvidence senza " + ", ".join(missing))
    return voucher

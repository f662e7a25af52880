"""ModI headers (Linee guida di interoperabilità tecnica, as PDND applies them).

- ``Digest: SHA-256=<base64>`` of the request body (RFC 3230);
- ``Agid-JWT-Signature`` (INTEGRITY_REST_01): a JWT signed with the PDND key
  (``kid``) whose ``signed_headers`` carry the digest and the content type;
- ``Agid-JWT-TrackingEvidence`` (AUDIT_REST_02): a JWT with the audit claims
  ``userID``, ``userLocation``, ``LoA`` and ``purposeId``; its SHA-256 (hex)
  goes into the client assertion as ``digest: {alg: "SHA256", value}`` so
  that PDND copies it into the voucher and the e-service can bind the two.
"""

import base64
import hashlib
import jwt
import uuid


def body_digest(body):
    """The ``Digest`` header value of ``body`` (bytes)."""
    return "SHA-256=" + base64.b64encode(hashlib.sha256(body or b"").digest()).decode("ascii")


def evidence_digest(token):
    """The ``digest`` claim of a voucher request bound to ``token``."""
    return {"alg": "SHA256", "value": hashlib.sha256(token.encode("ascii")).hexdigest()}


def _sign(key, kid, claims):
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": kid, "typ": "JWT"})


def _times(now, lifetime):
    now = int(now)
    return {"iat": now, "nbf": now, "exp": now + int(lifetime), "jti": str(uuid.uuid4())}


def signature(key, kid, client_id, audience, digest, content_type, now, lifetime):
    """The Agid-JWT-Signature JWT over ``digest`` and ``content_type``."""
    return _sign(key, kid, {
        "iss": client_id, "sub": client_id, "aud": audience, **_times(now, lifetime),
        "signed_headers": [{"digest": digest}, {"content-type": content_type}],
    })


def tracking_evidence(key, kid, client_id, audience, purpose_id, audit, now, lifetime):
    """The Agid-JWT-TrackingEvidence JWT of ``audit`` (an Audit)."""
    return _sign(key, kid, {
        "iss": client_id, "aud": audience, "purposeId": purpose_id, **_times(now, lifetime),
        "userID": audit.user_id, "userLocation": audit.user_location, "LoA": audit.loa,
    })

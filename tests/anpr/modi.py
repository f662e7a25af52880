"""Test helpers: a throw-away RSA key pair and the PDND/ModI headers made
with it, written from the ModI guidelines, to drive the sandbox ANPR
directly (the product's own headers come from its PDND client)."""

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

import base64
import hashlib
import jwt
import time
import uuid


def key_pair():
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode()
    public = key.public_key().public_bytes(serialization.Encoding.PEM,
                                           serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    return private, public


def headers(body, audience, key, purpose="purpose-anpr", expired=False, digest=None,
            tracking=True, signature=True):
    now = int(time.time())
    exp = now - 10 if expired else now + 600
    voucher = jwt.encode({"iss": "pdnd", "aud": audience, "purposeId": purpose, "iat": now,
                          "exp": exp, "jti": str(uuid.uuid4())}, key, algorithm="RS256")
    digest = digest or "SHA-256=" + base64.b64encode(hashlib.sha256(body).digest()).decode()
    result = {"Authorization": f"Bearer {voucher}", "Digest": digest,
              "Content-Type": "application/json"}
    claims = {"aud": audience, "iat": now, "exp": now + 300, "jti": str(uuid.uuid4())}
    if signature:
        result["Agid-JWT-Signature"] = jwt.encode(
            {**claims, "signed_headers": [{"digest": digest},
                                          {"content-type": "application/json"}]},
            key, algorithm="RS256")
    if tracking:
        result["Agid-JWT-TrackingEvidence"] = jwt.encode(
            {**claims, "userID": "istruttore", "userLocation": "servizi-online", "LoA": "LoA3"},
            key, algorithm="RS256")
    return result

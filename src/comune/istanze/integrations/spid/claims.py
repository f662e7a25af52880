"""From the broker's claims to the citizen's identity of this login."""

from comune.istanze.integrations.spid import errors
from stdnum.it import codicefiscale

import logging


logger = logging.getLogger(__name__)

FISCAL_NUMBER_CLAIM = "https://attributes.eid.gov.it/fiscal_number"
ACR_PREFIX = "https://www.spid.gov.it/"
LEVELS = ("SpidL1", "SpidL2", "SpidL3")
METHODS = ("spid", "cie", "cns")


def normalize_fiscal_code(value):
    """``TINIT-rssmra80a01z999x`` -> ``RSSMRA80A01Z999X``; None if not valid."""
    cf = (value or "").strip().upper().removeprefix("TINIT-")
    return cf if cf and codicefiscale.is_valid(cf) else None


def level_of(acr):
    """``https://www.spid.gov.it/SpidL2`` -> ``SpidL2``; None if unknown."""
    level = (acr or "").strip().removeprefix(ACR_PREFIX)
    return level if level in LEVELS else None


def method_of(value):
    """``["cie"]``, ``"CIE"``, ``"urn:...:cns"`` -> ``cie``/``cns``; default spid."""
    values = value if isinstance(value, (list, tuple)) else [value]
    for item in values:
        token = str(item or "").strip().lower()
        for method in METHODS:
            if token == method or token.endswith((":" + method, "/" + method)):
                return method
    if value:
        logger.warning("Metodo di autenticazione sconosciuto dal broker: %r", value)
    return "spid"


def identity_from_claims(id_claims, userinfo, method_claim="amr"):
    """The identity of this login, or :class:`LoginRefused`.

    ``id_claims`` are verified (signature, iss, aud, exp, nonce); userinfo
    must be about the same subject.
    """
    if userinfo.get("sub") != id_claims.get("sub"):
        raise errors.invalid_token("sub_mismatch")
    claims = {**userinfo, **id_claims}
    cf = normalize_fiscal_code(claims.get(FISCAL_NUMBER_CLAIM))
    if cf is None:
        raise errors.bad_identity()
    level = level_of(claims.get("acr"))
    if level is None:
        raise errors.invalid_token("missing_acr")
    first = (claims.get("given_name") or "").strip()
    last = (claims.get("family_name") or "").strip()
    return {
        "fiscal_code": cf,
        "first_name": first,
        "last_name": last,
        "fullname": f"{first} {last}".strip() or cf,
        "email": (claims.get("email") or "").strip(),
        "auth_method": method_of(claims.get(method_claim)),
        "loa": level,
        "sub": id_claims["sub"],
    }

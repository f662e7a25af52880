"""Sandbox PDND Interoperabilità: the voucher endpoint (``/token.oauth2``)
and the helpers other simulators (ANPR, INAD) use to check what they receive.

DEMO ONLY: the key pairs beside this module are committed on purpose and
sign nothing outside the sandbox.

- ``demo-client-key.pem`` / ``demo-client-pub.pem``: the demo Comune's PDND
  client key (kid :data:`DEMO_KID`), registered on the sandbox as the key of
  client :data:`DEMO_CLIENT_ID`; ``make start`` points the product's
  ``comune.istanze.pdnd.private_key_path`` at the private half.
- ``demo-pdnd-key.pem`` / ``demo-pdnd-pub.pem``: the sandbox's own key that
  signs vouchers; :func:`verify_voucher` checks them with the public half.

The e-service simulators call :func:`verify_call` (voucher + ModI headers)
on every request; see ``verify.py``.
"""

from dataclasses import dataclass
from pathlib import Path


HERE = Path(__file__).parent
DEMO_CLIENT_KEY = HERE / "demo-client-key.pem"
DEMO_CLIENT_PUB = HERE / "demo-client-pub.pem"
VOUCHER_KEY = HERE / "demo-pdnd-key.pem"
VOUCHER_PUB = HERE / "demo-pdnd-pub.pem"

DEMO_CLIENT_ID = "5c3e9a4d-7b21-4f0e-9d6a-2f8b1c0e7a11"
DEMO_KID = "comune-istanze-demo-2026"
VOUCHER_KID = "pdnd-sandbox-2026"
ISSUER = "pdnd-sandbox"  # the iss of the vouchers
ASSERTION_AUDIENCE = "pdnd-sandbox/client-assertion"


@dataclass(frozen=True)
class Purpose:
    """A purpose (finalità) the sandbox knows: its id, the e-service's
    audience (the ``aud`` of the vouchers it gets) and who may use it."""

    id: str
    audience: str
    eservice: str
    client_id: str = DEMO_CLIENT_ID


# the demo Comune's purposes, one per e-service simulator
DEMO_PURPOSES = {
    "anpr": Purpose("0b6c2a51-8f3e-4d7a-9c1b-4e5f6a7b8c01", "https://anpr.sandbox.invalid/e-service",
                    "ANPR"),
    "inad": Purpose("0b6c2a51-8f3e-4d7a-9c1b-4e5f6a7b8c02",
                    "https://inad.sandbox.invalid/rest/inad/v1/domiciliodigitale", "INAD"),
}


def demo_clients():
    """client id -> {kid: public key PEM} of the clients the sandbox knows."""
    return {DEMO_CLIENT_ID: {DEMO_KID: DEMO_CLIENT_PUB.read_text(encoding="ascii")}}


def __getattr__(name):  # the helpers, without importing jwt for the constants
    if name in ("verify_voucher", "verify_modi", "verify_call", "Refused"):
        from sandbox.pdnd import verify

        return getattr(verify, name)
    raise AttributeError(name)

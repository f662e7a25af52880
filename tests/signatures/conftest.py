"""A test PKI made in memory once per session, the signed files built from
it, and a trust list holding only the test root CA.

- ``pki.ca``: the trusted root; ``pki.mario``: Mario Rossi (the fake CF the
  tests' ``make_citizen("Mario", "Rossi")`` has) in serialNumber TINIT-<CF>;
  ``pki.giulia``: another person of the same CA; ``pki.expired``: Mario's
  certificate that expired 30 days ago; ``pki.stranger``: Mario by a CA
  that is not in the trust list.
- ``signed(kind, holder)``: a CAdES .p7m or a PAdES PDF of ``REPORT``.
"""

from comune.istanze.demo import signing_ca as ca
from comune.istanze.fakes import fiscal_code
from comune.istanze.signatures.trust import PREFIX
from datetime import datetime
from datetime import timedelta
from datetime import timezone
from types import SimpleNamespace

import functools
import pytest


MARIO_CF = fiscal_code("Mario", "Rossi")
GIULIA_CF = fiscal_code("Giulia", "Bianchi", female=True)
SLOT = "Relazione tecnica firmata"


@functools.lru_cache(maxsize=None)
def make_pki():
    now = datetime.now(timezone.utc)
    root = ca.make_ca("CA di prova dei test")
    other = ca.make_ca("CA estranea")
    return SimpleNamespace(
        ca=root,
        mario=ca.make_signer(root, "Mario", "Rossi", MARIO_CF),
        giulia=ca.make_signer(root, "Giulia", "Bianchi", GIULIA_CF),
        expired=ca.make_signer(root, "Mario", "Rossi", MARIO_CF,
                               not_before=now - timedelta(days=800),
                               not_after=now - timedelta(days=30)),
        stranger=ca.make_signer(other, "Mario", "Rossi", MARIO_CF),
        report=ca.simple_pdf("Relazione del tecnico: impianto conforme."),
    )


@functools.lru_cache(maxsize=None)
def signed(kind, who):
    """``kind``: "cades" or "pades"; ``who``: a holder name of :func:`make_pki`.
    The expired certificate signs (CAdES) on a date inside its validity."""
    pki = make_pki()
    holder = getattr(pki, who)
    if kind == "pades":
        return ca.sign_pades(pki.report, holder)
    when = holder.cert.not_valid_after_utc - timedelta(days=60) if who == "expired" else None
    return ca.sign_cades(pki.report, holder, signing_time=when)


def tamper(kind, data):
    """Flip one byte of the signed document inside the file."""
    pki = make_pki()
    if kind == "cades":
        at = data.index(pki.report) + len(pki.report) // 2
    else:
        at = data.index(b"/MediaBox") + 11  # in the signed revision
    changed = bytearray(data)
    changed[at] = changed[at] ^ 0x01 if changed[at] not in (0x30, 0x31) else changed[at] ^ 0x03
    return bytes(changed)


def filename(kind):
    return "relazione.pdf.p7m" if kind == "cades" else "relazione.pdf"


@pytest.fixture
def pki():
    return make_pki()


def trust(portal_or_none=None, pem=None):
    """Put the test root CA (or ``pem``) in the site's trust list."""
    from plone import api

    api.portal.set_registry_record(f"{PREFIX}.trust_list_pem",
                                   make_pki().ca.pem if pem is None else pem)


def slots(required=True, applicant=False):
    return [
        {"name": "Contratto di locazione", "required": True, "mime_types": "pdf", "max_size_mb": 1},
        {"name": SLOT, "required": False, "mime_types": "pdf, p7m", "max_size_mb": 2,
         "signature_required": required, "signer_applicant": applicant},
    ]

"""CAdES and PAdES verifiers on their own: the named utilities' results for
valid, tampered, expired, untrusted and unsigned files (no Plone needed but
the component registry)."""

from comune.istanze.signatures.cades import content_filename
from comune.istanze.signatures.cades import enveloped_content
from comune.istanze.signatures.interfaces import ISignatureVerifier
from comune.istanze.signatures.trust import parse_bundle
from comune.istanze.signatures.trust import trust_roots
from tests.signatures.conftest import make_pki
from tests.signatures.conftest import MARIO_CF
from tests.signatures.conftest import signed
from tests.signatures.conftest import tamper
from zope.component import getUtility

import pytest


KINDS = ("cades", "pades")


def check(kind, data, roots=None):
    roots = parse_bundle(make_pki().ca.pem.encode()) if roots is None else roots
    return getUtility(ISignatureVerifier, name=kind).verify(data, roots)


@pytest.mark.parametrize("kind", KINDS)
def test_valid_signature(portal, kind):
    result = check(kind, signed(kind, "mario"))
    assert result.valid and result.reasons == []
    assert result.integrity_ok and result.chain_ok and result.cert_valid_at_signing
    assert result.kind == kind
    assert result.signer_name == "Mario Rossi" and result.signer_fiscal_code == MARIO_CF
    assert result.signer.issuer == "CA di prova dei test"
    assert result.signing_time[:4].isdigit() and result.verified
    if kind == "cades":
        assert result.content == make_pki().report  # the enveloped document
    stored = result.as_dict()
    assert "content" not in stored and stored["signers"][0]["fiscal_code"] == MARIO_CF


@pytest.mark.parametrize("kind", KINDS)
def test_tampered_content(portal, kind):
    result = check(kind, tamper(kind, signed(kind, "mario")))
    assert not result.valid and not result.integrity_ok
    assert result.reasons[0] == "integrity"


@pytest.mark.parametrize("kind", KINDS)
def test_expired_certificate(portal, kind):
    result = check(kind, signed(kind, "expired"))
    assert not result.valid and not result.chain_ok
    assert "expired" in result.reasons
    assert result.integrity_ok  # the bytes are fine: the certificate is not
    # CAdES was signed inside the validity, PAdES now (after it ended)
    assert result.cert_valid_at_signing is (kind == "cades")
    assert ("signed_outside_validity" in result.reasons) is (kind == "pades")


@pytest.mark.parametrize("kind", KINDS)
def test_untrusted_chain(portal, kind):
    result = check(kind, signed(kind, "stranger"))
    assert not result.valid and result.integrity_ok and not result.chain_ok
    assert result.reasons == ["untrusted"]
    assert result.signer_fiscal_code == MARIO_CF  # who signed is known, not trusted


@pytest.mark.parametrize("kind", KINDS)
def test_empty_trust_list_trusts_nobody(portal, kind):
    result = check(kind, signed(kind, "mario"), roots=[])
    assert not result.valid and result.reasons == ["no_trust_list"]


def test_not_signed(portal):
    cades = getUtility(ISignatureVerifier, name="cades")
    pades = getUtility(ISignatureVerifier, name="pades")
    report = make_pki().report
    assert not pades.applies(report, "relazione.pdf", "application/pdf")  # a plain PDF
    assert pades.applies(signed("pades", "mario"), "relazione.pdf", "application/pdf")
    assert cades.applies(b"x", "relazione.pdf.p7m", "application/octet-stream")
    assert check("cades", b"not a p7m at all").reasons == ["unreadable"]
    assert check("pades", report).reasons == ["not_signed"]


def test_enveloped_content_and_name():
    assert enveloped_content(signed("cades", "mario")) == make_pki().report
    assert enveloped_content(b"garbage") is None
    assert content_filename("relazione.pdf.p7m.p7m") == "relazione.pdf"
    assert content_filename('a"b.P7M') == "ab"


def test_trust_list_from_a_folder(portal, tmp_path):
    pki = make_pki()
    (tmp_path / "root.pem").write_text(pki.ca.pem)
    (tmp_path / "broken.crt").write_bytes(b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")
    (tmp_path / "notes.txt").write_text("ignored")
    roots = trust_roots(pem_text="", path=str(tmp_path))
    assert [r.subject.native["common_name"] for r in roots] == ["CA di prova dei test"]
    assert check("cades", signed("cades", "mario"), roots).valid
    # the registry text and the folder together, without duplicates
    both = trust_roots(pem_text=pki.ca.pem, path=str(tmp_path / "root.pem"))
    assert len(both) == 1

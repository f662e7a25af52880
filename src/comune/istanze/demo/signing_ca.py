"""A throw-away certification authority for the demo and the tests.

It makes what a qualified trust service provider would: a root CA, signer
certificates that carry the holder's codice fiscale the way Italian
qualified certificates do (subject ``serialNumber`` ``TINIT-<CF>``), and
signed files: CAdES-BES (``.p7m``, the document enveloped in the signature)
and PAdES (a signed PDF), both made with pyHanko's signers.

Nothing here is used by the product at run time: the demo profile makes a
CA when the demo site is created (its certificate becomes the demo trust
list) and the tests make their own CAs in fixtures. Keys live only in
memory; the fiscal codes are the fake ones of :mod:`comune.istanze.fakes`.
"""

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from dataclasses import dataclass
from datetime import datetime
from datetime import timedelta
from datetime import timezone
from io import BytesIO

import asyncio


@dataclass
class Holder:
    """A key and its certificate (``issuer``: the CA holder, None for a root)."""

    key: ec.EllipticCurvePrivateKey
    cert: x509.Certificate
    issuer: "Holder | None" = None

    @property
    def pem(self) -> str:
        return self.cert.public_bytes(serialization.Encoding.PEM).decode("ascii")


def _now():
    return datetime.now(timezone.utc).replace(microsecond=0)


def _name(common_name, organization=None, serial_number=None, surname=None, given_name=None):
    parts = [x509.NameAttribute(NameOID.COUNTRY_NAME, "IT")]
    if organization:
        parts.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization))
    if surname:
        parts.append(x509.NameAttribute(NameOID.SURNAME, surname))
    if given_name:
        parts.append(x509.NameAttribute(NameOID.GIVEN_NAME, given_name))
    if serial_number:
        parts.append(x509.NameAttribute(NameOID.SERIAL_NUMBER, serial_number))
    parts.append(x509.NameAttribute(NameOID.COMMON_NAME, common_name))
    return x509.Name(parts)


def make_ca(name="CA di prova firme qualificate", days=3650) -> Holder:
    """A self-signed root CA valid from yesterday for ``days`` days."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = _name(name, organization="Prestatore di prova S.p.A.")
    start = _now() - timedelta(days=1)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(digital_signature=False, content_commitment=False,
                          key_encipherment=False, data_encipherment=False, key_agreement=False,
                          key_cert_sign=True, crl_sign=True, encipher_only=False,
                          decipher_only=False),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return Holder(key, cert)


def make_signer(ca: Holder, given_name, surname, fiscal_code, not_before=None,
                not_after=None) -> Holder:
    """A signer's certificate issued by ``ca`` (non-repudiation, as qualified
    signature certificates), subject serialNumber ``TINIT-<fiscal_code>``."""
    key = ec.generate_private_key(ec.SECP256R1())
    not_before = not_before or _now() - timedelta(days=1)
    not_after = not_after or not_before + timedelta(days=3 * 365)
    subject = _name(f"{given_name} {surname}", serial_number=f"TINIT-{fiscal_code}",
                    surname=surname, given_name=given_name)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(ca.cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(digital_signature=True, content_commitment=True,
                          key_encipherment=False, data_encipherment=False, key_agreement=False,
                          key_cert_sign=False, crl_sign=False, encipher_only=False,
                          decipher_only=False),
            critical=True,
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.key.public_key()),
            critical=False,
        )
        .sign(ca.key, hashes.SHA256())
    )
    return Holder(key, cert, ca)


def _signer(holder: Holder):
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    der = holder.key.private_bytes(serialization.Encoding.DER,
                                   serialization.PrivateFormat.PKCS8,
                                   serialization.NoEncryption())
    chain = [asn1_x509.Certificate.load(holder.issuer.cert.public_bytes(
        serialization.Encoding.DER))] if holder.issuer else []
    return signers.SimpleSigner(
        signing_cert=asn1_x509.Certificate.load(holder.cert.public_bytes(serialization.Encoding.DER)),
        signing_key=asn1_keys.PrivateKeyInfo.load(der),
        cert_registry=SimpleCertificateStore.from_certs(chain),
    )


def sign_cades(data: bytes, holder: Holder, signing_time=None) -> bytes:
    """A CAdES-BES ``.p7m`` (DER) enveloping ``data``."""
    from pyhanko.sign.signers.pdf_cms import PdfCMSSignedAttributes

    attrs = PdfCMSSignedAttributes(signing_time=signing_time or _now())
    signed = asyncio.run(_signer(holder).async_sign_general_data(
        data, "sha256", detached=False, use_cades=True, signed_attr_settings=attrs))
    return signed.dump()


def sign_pades(pdf: bytes, holder: Holder) -> bytes:
    """``pdf`` with a PAdES signature (an incremental update, signed now)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko.sign.fields import SigSeedSubFilter

    meta = signers.PdfSignatureMetadata(field_name="Firma", subfilter=SigSeedSubFilter.PADES)
    pdf_signer = signers.PdfSigner(meta, _signer(holder))
    out = BytesIO()
    pdf_signer.sign_pdf(IncrementalPdfFileWriter(BytesIO(pdf)), output=out)
    return out.getvalue()


def simple_pdf(text: str) -> bytes:
    """A one-page PDF holding ``text`` (WeasyPrint)."""
    from weasyprint import HTML

    html = f"<html><body><h1>Relazione tecnica</h1><p>{text}</p></body></html>"
    return HTML(string=html).write_pdf()

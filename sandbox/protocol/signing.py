"""The sandbox register's signing key and self-signed certificate.

Tests make a fresh pair per register. ``python -m sandbox.protocol`` (and so
``make start``) uses the demo pair committed beside this module, so that the
demo site can be given the certificate (``sandbox.SIMULATORS``) and check
the signature of every segnatura. Neither is a secret: they sign nothing
outside this sandbox.
"""

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from pathlib import Path

import datetime


DEMO_KEY = Path(__file__).with_name("demo-key.pem")
DEMO_CERT = Path(__file__).with_name("demo-cert.pem")


def load_key_and_cert(key_file, cert_file):
    return Path(key_file).read_bytes(), Path(cert_file).read_bytes()


def make_key_and_cert(common_name="Registro di protocollo di prova"):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "IT"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Comune di Esempio (sandbox)"),
        x509.NameAttribute(NameOID.COMMON_NAME, common_name),
    ])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                          data_encipherment=False, key_agreement=False, key_cert_sign=True,
                          crl_sign=False, encipher_only=False, decipher_only=False),
            critical=True)
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    return key_pem, cert.public_bytes(serialization.Encoding.PEM)


def sign(root, key_pem, cert_pem):
    from signxml import methods
    from signxml import XMLSigner

    signer = XMLSigner(method=methods.enveloped, signature_algorithm="rsa-sha256",
                       digest_algorithm="sha256")
    return signer.sign(root, key=key_pem, cert=cert_pem)

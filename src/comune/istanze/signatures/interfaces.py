"""The signature verification contract and its registry settings.

A verifier is a named :class:`ISignatureVerifier` utility (``cades`` for
``.p7m`` envelopes, ``pades`` for signed PDFs): bytes in, a plain
:class:`SignatureResult` out. Nothing in the contract is a Plone object or a
pyHanko type, so the result is stored as a dict on the attachment
(:meth:`SignatureResult.as_dict`) and shown from there.
"""

from comune.istanze import _
from dataclasses import asdict
from dataclasses import dataclass
from dataclasses import field
from zope import schema
from zope.interface import Interface


@dataclass
class Signer:
    name: str = ""  # common name of the certificate's subject
    fiscal_code: str = ""  # from serialNumber TINIT-<CF>, or a subject value that is a CF
    issuer: str = ""  # common name of the issuing CA
    not_before: str = ""  # ISO 8601, UTC
    not_after: str = ""
    signing_time: str = ""  # the signingTime signed attribute (PAdES: the signature's /M)


@dataclass
class SignatureResult:
    kind: str  # "cades" or "pades"
    valid: bool = False
    reasons: list = field(default_factory=list)  # codes, see display.REASONS
    signers: list = field(default_factory=list)  # Signer, one per signature
    integrity_ok: bool = False  # the signed bytes are unchanged and the signature matches
    chain_ok: bool = False  # the certificate chains to the trust list (checked now)
    cert_valid_at_signing: bool = False  # signing time inside the certificate's validity
    verified: str = ""  # ISO 8601, UTC: when the check ran
    content: bytes = None  # CAdES: the enveloped document (never stored in the dict)

    @property
    def signer(self):
        return self.signers[0] if self.signers else Signer()

    @property
    def signer_name(self):
        return self.signer.name

    @property
    def signer_fiscal_code(self):
        return self.signer.fiscal_code

    @property
    def signing_time(self):
        return self.signer.signing_time

    def as_dict(self) -> dict:
        data = asdict(self)
        data.pop("content")
        return data


class ISignatureVerifier(Interface):
    """Verifies one kind of signed file (named utility: ``cades``, ``pades``)."""

    def applies(data, filename, mime):
        """True when ``data`` is a file of this kind (a PDF only when it holds a signature)."""

    def verify(data, trust_roots, moment=None):
        """A :class:`SignatureResult` for ``data``; ``trust_roots``: asn1crypto
        certificates (:func:`comune.istanze.signatures.trust.trust_roots`);
        ``moment``: when to check the certificates (default: now)."""


class ISignatureSettings(Interface):
    """``comune.istanze.signatures.*``: the Comune's trust list."""

    trust_list_pem = schema.Text(
        title=_("Elenco dei certificatori fidati (PEM)"),
        description=_(
            "Certificati delle autorità di certificazione (CA) di cui il Comune accetta le "
            "firme digitali, in formato PEM, uno dopo l'altro. Per le firme qualificate "
            "italiane ed europee si usano i certificati dell'elenco di fiducia di AgID "
            "(TSL-IT) o della lista europea: vedi comune.istanze.signatures.tsl."),
        required=False,
        default="",
    )
    trust_list_path = schema.TextLine(
        title=_("File o cartella con i certificati fidati"),
        description=_(
            "In alternativa o in aggiunta: il percorso, sul server, di un file PEM o di una "
            "cartella di file .pem, .crt o .cer (letti a ogni verifica, nessun accesso alla rete)."),
        required=False,
        default="",
    )

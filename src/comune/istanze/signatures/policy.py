"""What an uploaded file must satisfy, and the outcome kept with it.

A declared attachment can require a valid digital signature
(``signature_required``) and, further, the applicant as signer
(``signer_applicant``: the signer's codice fiscale equals the applicant's).
Such a file is refused, with the reason, before anything is stored. Any
other ``.p7m`` or signed PDF is verified all the same and its outcome kept
with the attachment, valid or not.
"""

from comune.istanze import _
from comune.istanze.documents.sniffing import UploadRejected
from comune.istanze.signatures.display import reason_messages
from comune.istanze.signatures.display import signers_text
from comune.istanze.signatures.interfaces import ISignatureVerifier
from comune.istanze.signatures.trust import trust_roots
from zope.component import getUtilitiesFor


def verifier_for(data, filename, mime):
    for _name, verifier in sorted(getUtilitiesFor(ISignatureVerifier)):
        if verifier.applies(data, filename, mime):
            return verifier
    return None


def file_bytes(data) -> bytes:
    """The bytes of an upload: ``bytes`` or a ReceivedFile/StoredFile's blob."""
    if isinstance(data, bytes):
        return data
    with data.blob.open() as fp:
        return fp.read()


def might_be_signed(filename, mime):
    return mime in ("application/pdf", "application/pkcs7-mime") or (
        (filename or "").lower().endswith(".p7m"))


def verify_upload(data, filename, mime, moment=None):
    """The :class:`SignatureResult` of a signed file, or None for a file of no signed kind."""
    if not might_be_signed(filename, mime):
        return None
    raw = file_bytes(data)
    verifier = verifier_for(raw, filename, mime)
    if verifier is None:
        return None
    return verifier.verify(raw, trust_roots(), moment)


def applicant_code(app):
    return (getattr(app, "applicant_fiscal_code", None) or app.applicant_id or "").upper()


def check_signature(app, spec, data, filename, mime):
    """The outcome dict to keep with the file (None: not a signed file), or
    :class:`UploadRejected` when the declared attachment requires a valid
    signature (by the applicant) that the file does not have."""
    label = spec["name"]
    result = verify_upload(data, filename, mime)
    if not spec.get("signature_required"):
        return result.as_dict() if result is not None else None
    if result is None:
        raise UploadRejected(_(
            "L'allegato «${name}» deve essere firmato digitalmente: carica il file firmato "
            "(busta .p7m CAdES o PDF con firma PAdES).", mapping={"name": label}))
    outcome = result.as_dict()
    if not result.valid:
        raise UploadRejected(_(
            "L'allegato «${name}» deve avere una firma digitale valida: ${reasons}. "
            "Firma di nuovo il documento e caricalo.",
            mapping={"name": label, "reasons": "; ".join(reason_messages(outcome))}))
    if spec.get("signer_applicant"):
        codes = {s.fiscal_code.upper() for s in result.signers}
        if applicant_code(app) not in codes:
            raise UploadRejected(_(
                "L'allegato «${name}» deve essere firmato dal richiedente (${applicant}); "
                "il file è firmato da ${signers}.",
                mapping={"name": label, "applicant": applicant_code(app),
                         "signers": signers_text(outcome)}))
    return outcome

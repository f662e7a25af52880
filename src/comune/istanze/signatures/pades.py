"""PAdES: signatures embedded in a PDF (pyHanko's PDF validation).

Every signature is checked (byte range digest, signature, chain to the trust
list); a signature that does not cover the whole file is valid only when
what was appended after it is harmless (pyHanko's difference analysis).
"""

from comune.istanze.signatures import verifier
from comune.istanze.signatures.interfaces import ISignatureVerifier
from io import BytesIO
from zope.interface import implementer


@implementer(ISignatureVerifier)
class PAdESVerifier:
    kind = "pades"

    def applies(self, data, filename, mime):
        return mime == "application/pdf" and b"/ByteRange" in bytes(data)

    def verify(self, data, trust_roots, moment=None):
        from pyhanko.pdf_utils.misc import PdfError
        from pyhanko.pdf_utils.reader import PdfFileReader
        from pyhanko.sign.diff_analysis import ModificationLevel
        from pyhanko.sign.validation import validate_pdf_signature

        verifier.quiet()
        try:
            signatures = PdfFileReader(BytesIO(bytes(data)), strict=False).embedded_signatures
        except (PdfError, ValueError, TypeError, KeyError):
            return verifier.unreadable(self.kind, "unreadable_pdf")
        if not signatures:
            return verifier.unreadable(self.kind, "not_signed")
        judged, extra = [], []
        for signature in signatures:
            context = verifier.validation_context(trust_roots, moment)
            try:
                status = validate_pdf_signature(signature, context,
                                                key_usage_settings=verifier.key_usage())
            except Exception:  # a malformed signature dictionary or CMS blob
                return verifier.unreadable(self.kind, "unreadable_pdf")
            level = status.modification_level
            if not status.docmdp_ok or (level is not None and level > ModificationLevel.FORM_FILLING):
                if "modified_after" not in extra:
                    extra.append("modified_after")
            judged.append(verifier.judge(status, status.signer_reported_dt, trust_roots, moment))
        return verifier.combine(self.kind, judged, extra)

"""CAdES (``.p7m``): a CMS SignedData enveloping the signed document.

Every SignerInfo is checked with pyHanko's CMS validation (digest of the
enveloped content, signature, signing-certificate attribute, chain to the
trust list); the enveloped document is returned for preview and download.
"""

from asn1crypto import cms
from comune.istanze.signatures import verifier
from comune.istanze.signatures.interfaces import ISignatureVerifier
from zope.interface import implementer

import asyncio


def _envelope(signed):
    """The fields of ``signed`` but its signer infos (pyHanko checks one signer at a time)."""
    fields = ("version", "digest_algorithms", "encap_content_info", "certificates", "crls")
    return {name: signed[name] for name in fields if signed[name].native is not None}


def enveloped_content(data):
    """The document inside a CAdES envelope, or None."""
    try:
        info = cms.ContentInfo.load(bytes(data))
        return info["content"]["encap_content_info"]["content"].native
    except (ValueError, TypeError, KeyError):
        return None


def content_filename(filename):
    """``relazione.pdf.p7m`` -> ``relazione.pdf`` (the name without the envelope's suffixes)."""
    name = filename or "documento"
    while name.lower().endswith(".p7m") and len(name) > 4:
        name = name[:-4]
    return "".join(c for c in name if c.isprintable() and c not in '"\\') or "documento"


@implementer(ISignatureVerifier)
class CAdESVerifier:
    kind = "cades"

    def applies(self, data, filename, mime):
        return (filename or "").lower().endswith(".p7m") or mime == "application/pkcs7-mime"

    def verify(self, data, trust_roots, moment=None):
        from pyhanko.sign.validation import generic_cms

        verifier.quiet()
        try:
            info = cms.ContentInfo.load(bytes(data))
            if info["content_type"].native != "signed_data":
                return verifier.unreadable(self.kind)
            signed = info["content"]
            content = signed["encap_content_info"]["content"].native
            signer_infos = list(signed["signer_infos"])
        except (ValueError, TypeError, KeyError):
            return verifier.unreadable(self.kind)
        if content is None:  # a detached signature (.p7s) has nothing to show or check here
            return verifier.unreadable(self.kind, "detached")
        if not signer_infos:
            return verifier.unreadable(self.kind, "not_signed")
        judged = []
        for signer_info in signer_infos:
            one = cms.SignedData({**_envelope(signed), "signer_infos": [signer_info]})
            context = verifier.validation_context(trust_roots, moment)
            try:
                status = asyncio.run(generic_cms.async_validate_cms_signature(
                    one, validation_context=context, key_usage_settings=verifier.key_usage()))
            except Exception:  # pyHanko raises its own errors for malformed signer infos
                return verifier.unreadable(self.kind)
            signing_time = generic_cms.extract_self_reported_ts(signer_info)
            judged.append(verifier.judge(status, signing_time, trust_roots, moment))
        return verifier.combine(self.kind, judged, content=content)

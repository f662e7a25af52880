"""What CAdES and PAdES share: the validation context and the reading of a
pyHanko signature status into a :class:`SignatureResult`.

The certificate chain is validated *now* against the Comune's trust list
(no network: revocation is checked only when the file carries its own
revocation data, otherwise "soft-fail"); the signing time is the signer's
own claim (signingTime attribute), so it is checked to lie inside the
certificate's validity but never used to revive an expired certificate.
"""

from comune.istanze.signatures.interfaces import SignatureResult
from comune.istanze.signatures.interfaces import Signer
from datetime import datetime
from datetime import timezone
from stdnum.it import codicefiscale

import logging


TINIT = "TINIT-"
# pyHanko's certificate problems worth their own reason (the rest: "untrusted").
REVOKED = {"REVOKED_NO_POE", "REVOKED_CA_NO_POE", "REVOKED"}


def validation_context(trust_roots, moment=None):
    """Only the given anchors (a list, never None: None would mean the OS's TLS roots)."""
    from pyhanko_certvalidator import ValidationContext

    return ValidationContext(trust_roots=list(trust_roots), moment=moment, allow_fetching=False,
                             revocation_mode="soft-fail")


def key_usage():
    """Qualified signature certificates carry non-repudiation; either usage is accepted."""
    from pyhanko.sign.validation.settings import KeyUsageConstraints

    return KeyUsageConstraints(key_usage={"non_repudiation", "digital_signature"},
                               match_all_key_usages=False)


def quiet():
    """pyHanko logs every failed path as a warning: our result says it once."""
    for name in ("pyhanko.sign.validation", "pyhanko_certvalidator"):
        logging.getLogger(name).setLevel(logging.ERROR)


def fiscal_code(cert) -> str:
    """The holder's codice fiscale: subject serialNumber ``TINIT-<CF>`` (qualified
    certificates, ETSI EN 319 412-1), else any subject value that is a valid CF."""
    subject = cert.subject.native
    serial = str(subject.get("serial_number") or "").strip().upper()
    if serial.startswith(TINIT):
        return serial[len(TINIT):]
    for value in subject.values():
        for item in value if isinstance(value, list) else [value]:
            text = str(item).strip().upper()
            if text.startswith(TINIT):
                text = text[len(TINIT):]
            if len(text) == 16 and codicefiscale.is_valid(text):
                return text
    return ""


def _iso(moment):
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds") if moment else ""


def signer_of(cert, signing_time) -> Signer:
    return Signer(
        name=cert.subject.native.get("common_name") or cert.subject.human_friendly,
        fiscal_code=fiscal_code(cert),
        issuer=cert.issuer.native.get("common_name") or cert.issuer.human_friendly,
        not_before=_iso(cert.not_valid_before),
        not_after=_iso(cert.not_valid_after),
        signing_time=_iso(signing_time),
    )


def judge(status, signing_time, trust_roots, moment=None):
    """``(signer, reasons, integrity_ok, chain_ok, in_validity)`` of one pyHanko status."""
    cert = status.signing_cert
    now = moment or datetime.now(timezone.utc)
    reasons = []
    integrity_ok = bool(status.intact and status.valid)
    if not status.intact:
        reasons.append("integrity")
    elif not status.valid:
        reasons.append("signature")
    chain_ok = bool(status.trusted and trust_roots)  # an empty list never means the OS's
    if cert.not_valid_after < now:
        reasons.append("expired")
    elif cert.not_valid_before > now:
        reasons.append("not_yet_valid")
    if not chain_ok and integrity_ok:  # pyHanko checks no chain for a broken signature
        problem = getattr(status.trust_problem_indic, "name", "")
        if not trust_roots:
            reasons.append("no_trust_list")
        elif problem in REVOKED:
            reasons.append("revoked")
        elif not reasons or reasons[-1] not in ("expired", "not_yet_valid"):
            reasons.append("untrusted")
    in_validity = bool(signing_time and cert.not_valid_before <= signing_time <= cert.not_valid_after)
    if signing_time is None:
        reasons.append("no_signing_time")
    elif not in_validity:
        reasons.append("signed_outside_validity")
    return signer_of(cert, signing_time), reasons, integrity_ok, chain_ok, in_validity


def combine(kind, judged, extra_reasons=(), content=None) -> SignatureResult:
    """One result for every signature of a file: valid when all are."""
    reasons = list(extra_reasons)
    for _signer, found, *_flags in judged:
        reasons += [r for r in found if r not in reasons]
    integrity_ok = bool(judged) and all(j[2] for j in judged)
    chain_ok = bool(judged) and all(j[3] for j in judged)
    in_validity = bool(judged) and all(j[4] for j in judged)
    return SignatureResult(
        kind=kind,
        valid=bool(judged) and not reasons and integrity_ok and chain_ok and in_validity,
        reasons=reasons,
        signers=[j[0] for j in judged],
        integrity_ok=integrity_ok,
        chain_ok=chain_ok,
        cert_valid_at_signing=in_validity,
        verified=_iso(datetime.now(timezone.utc)),
        content=content,
    )


def unreadable(kind, reason="unreadable") -> SignatureResult:
    return combine(kind, [], [reason])

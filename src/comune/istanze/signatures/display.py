"""How a stored signature outcome reads: one line per file on the staff page,
the application page, the receipt, and the reasons in refusals."""

from comune.istanze import _
from datetime import datetime
from zoneinfo import ZoneInfo
from zope.i18n import translate


ROME = ZoneInfo("Europe/Rome")
CONTENT = "contenuto"  # <app>/@@allegato/<id>/contenuto: the document inside a .p7m

REASONS = {
    "not_signed": _("il file non contiene una firma digitale"),
    "unreadable": _("il file non è una busta CAdES (.p7m) leggibile"),
    "unreadable_pdf": _("il PDF o la sua firma non sono leggibili"),
    "detached": _("la busta .p7m non contiene il documento firmato (firma separata)"),
    "integrity": _("il contenuto è stato modificato dopo la firma"),
    "signature": _("la firma non corrisponde al certificato del firmatario"),
    "expired": _("il certificato del firmatario è scaduto il ${date}"),
    "not_yet_valid": _("il certificato del firmatario non è ancora valido"),
    "untrusted": _("il certificato del firmatario non è rilasciato da un certificatore "
                   "dell'elenco di fiducia del Comune"),
    "no_trust_list": _("il Comune non ha ancora configurato l'elenco dei certificatori fidati"),
    "revoked": _("il certificato del firmatario è revocato"),
    "no_signing_time": _("la firma non indica la data in cui è stata apposta"),
    "signed_outside_validity": _("la data della firma (${date}) è fuori dal periodo di "
                                 "validità del certificato"),
    "modified_after": _("il PDF è stato modificato dopo la firma"),
}


def local_time(iso, fmt="%d/%m/%Y %H:%M"):
    if not iso:
        return ""
    return datetime.fromisoformat(iso).astimezone(ROME).strftime(fmt)


def _first_signer(outcome):
    signers = outcome.get("signers") or [{}]
    return signers[0]


def reason_messages(outcome):
    signer = _first_signer(outcome)
    dates = {"expired": local_time(signer.get("not_after"), "%d/%m/%Y"),
             "signed_outside_validity": local_time(signer.get("signing_time"))}
    return [_(REASONS.get(code, code), mapping={"date": dates.get(code, "")})
            for code in outcome.get("reasons") or []]


def signers_text(outcome):
    return ", ".join(
        f"{s.get('name')} ({s.get('fiscal_code')})" if s.get("fiscal_code") else s.get("name", "")
        for s in outcome.get("signers") or [])


def outcome_message(outcome, reasons=None):
    """The line for one file, e.g. «Firma valida — Mario Rossi (RSSMRA…) — firmato il …»;
    ``reasons``: the reasons as text (default: their Italian messages joined)."""
    if outcome.get("valid"):
        return _("Firma valida (${kind}) — ${signers} — firmato il ${date}", mapping={
            "kind": outcome.get("kind", "").upper(),
            "signers": signers_text(outcome),
            "date": local_time(_first_signer(outcome).get("signing_time")),
        })
    return _("Firma non valida (${kind}): ${reasons}", mapping={
        "kind": outcome.get("kind", "").upper(),
        "reasons": reasons if reasons is not None else "; ".join(reason_messages(outcome)),
    })


def outcome_text(outcome, request=None):
    """``outcome_message`` translated (the request's language; Italian without one)."""
    if not outcome:
        return ""
    language = None if request is not None else "it"
    reasons = "; ".join(translate(m, context=request, target_language=language)
                        for m in reason_messages(outcome))
    return translate(outcome_message(outcome, reasons), context=request, target_language=language)


def enveloping(outcome):
    """True when the file is a .p7m envelope whose document can be extracted."""
    return bool(outcome) and outcome.get("kind") == "cades" and "unreadable" not in (
        outcome.get("reasons") or []) and "detached" not in (outcome.get("reasons") or [])


def signature_hint(spec):
    """What the attachments step says of a declared attachment's signature rule."""
    if not spec.get("signature_required"):
        return None
    if spec.get("signer_applicant"):
        return _("Firma digitale richiesta, del richiedente: file .p7m (CAdES) o PDF firmato (PAdES).")
    return _("Firma digitale richiesta: file .p7m (CAdES) o PDF firmato (PAdES).")

"""How the office and the receipt state who acts for whom.

``acting_for`` is the short text kept as catalog metadata (inbox, staff
lists, personal area: no application is woken to show it); ``statement``
is the full sentence of the staff page, the review step and the receipt.
"""

from comune.istanze import _
from comune.istanze.representation.model import COMPANY
from comune.istanze.representation.model import representation_of
from zope.globalrequest import getRequest
from zope.i18n import translate


def code_label(code):
    return "C.F." if len(code or "") == 16 else "P.IVA"


def acting_for(app):
    """«per ACME S.r.l. (P.IVA 01234567897)», or None."""
    rep = representation_of(app)
    if rep is None:
        return None
    return f"per {rep['subject_name']} ({code_label(rep['subject_code'])} {rep['subject_code']})"


def statement_message(app):
    """The i18n Message of the sentence, or None."""
    rep = representation_of(app)
    if rep is None:
        return None
    mapping = {"applicant": app.applicant_name or app.applicant_id or "",
               "name": rep["subject_name"], "label": code_label(rep["subject_code"]),
               "code": rep["subject_code"], "seat": rep.get("subject_seat") or "",
               "register": rep.get("register_number") or ""}
    if rep["kind"] == COMPANY:
        if mapping["seat"]:
            return _("Istanza presentata da ${applicant} in qualità di legale rappresentante di "
                     "${name}, ${label} ${code}, con sede in ${seat}.", mapping=mapping)
        return _("Istanza presentata da ${applicant} in qualità di legale rappresentante di "
                 "${name}, ${label} ${code}.", mapping=mapping)
    if mapping["register"]:
        return _("Istanza presentata da ${applicant} in qualità di professionista incaricato "
                 "(iscrizione ${register}) per conto di ${name}, ${label} ${code}, con procura "
                 "allegata.", mapping=mapping)
    return _("Istanza presentata da ${applicant} in qualità di professionista incaricato per "
             "conto di ${name}, ${label} ${code}, con procura allegata.", mapping=mapping)


def statement(app, request=None):
    """The sentence as text (Italian unless the request asks otherwise)."""
    message = statement_message(app)
    if message is None:
        return ""
    request = request if request is not None else getRequest()
    # the language Plone negotiated for this request (the visitor's choice);
    # without one (the worker, a PDF made outside a page) Italian, never
    # zope.i18n's English fallback
    language = (request.get("LANGUAGE") if request is not None else None) or "it"
    return translate(message, context=request, target_language=language, default=None)


def as_json(app):
    """The representation for REST replies (staff and applicant), or None."""
    rep = representation_of(app)
    if rep is None:
        return None
    att_id = rep.get("attachment_id")
    return {**rep, "acting_for": acting_for(app), "statement": statement(app),
            "procura": f"{app.absolute_url()}/@@allegato/{att_id}" if att_id else None}

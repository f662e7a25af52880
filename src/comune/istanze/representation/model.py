"""Who acts for whom: the representation of an application.

A type admits, in its «Chi può presentare» list, the legal representative of
a company or entity (``association``) and the professional acting for a
client with a notice of appointment (``professional``). The citizen's choice
is read here, the same way for the web form and for REST: :func:`read`
checks everything *before* the draft exists; :func:`attach` then stores it
on the new draft (the procura as an attachment of its own). The application
keeps, in ``representation``, a plain dict::

    {"kind": "legale_rappresentante" | "professionista",
     "subject_code": <P.IVA / codice fiscale>, "subject_name": ...,
     "subject_seat": ..., "register_number": ..., "attachment_id": <procura>}

and, for the code written before it (protocol, pagoPA debtor),
``represented_name`` / ``represented_tax_id``.
"""

from comune.istanze import _
from comune.istanze.documents.attachments import add_attachment
from comune.istanze.documents.sniffing import check_upload
from comune.istanze.representation.codes import clean
from comune.istanze.representation.codes import is_numeric_code
from comune.istanze.representation.codes import is_personal_code
from comune.istanze.workflow.errors import ApplicationError
from comune.istanze.workflow.errors import NotAllowed


COMPANY, PROFESSIONAL = "legale_rappresentante", "professionista"
KIND_OF = {"association": COMPANY, "professional": PROFESSIONAL}
PROCURA_SPEC = {"name": "Procura (atto di incarico)", "required": True,
                "mime_types": "pdf", "max_size_mb": 10}
MAX_TEXT = 200
MAX_REGISTER = 60


class RepresentationInvalid(ApplicationError):
    """One or more values of the representation are wrong: ``errors`` lists
    ``(field, message)`` with the field names of the web form."""

    def __init__(self, errors):
        super().__init__(errors[0][1], field=errors[0][0])
        self.errors = list(errors)


def allowed_kinds(type_obj):
    return list(type_obj.applicant_kinds or ["self"])


def check_kind(type_obj, applicant_kind):
    """A type that does not admit ``applicant_kind`` refuses it (forged POSTs too)."""
    if applicant_kind not in allowed_kinds(type_obj):
        raise NotAllowed(_("Questo servizio non ammette istanze presentate in questa veste."))


def _text(values, name, limit=MAX_TEXT):
    value = values.get(name)
    return " ".join(value.split())[:limit + 1] if isinstance(value, str) else ""


def read(type_obj, applicant_kind, values, has_procura=False):
    """The representation dict chosen by the citizen, or None (for oneself
    or a family member). ``values``: ``represented_name``,
    ``represented_tax_id``, ``represented_seat``, ``register_number``.
    Raises :class:`NotAllowed` or :class:`RepresentationInvalid`."""
    check_kind(type_obj, applicant_kind)
    kind = KIND_OF.get(applicant_kind)
    if kind is None:
        return None
    name, code = _text(values, "represented_name"), clean(values.get("represented_tax_id"))
    seat, register = _text(values, "represented_seat"), _text(values, "register_number", MAX_REGISTER)
    errors = []
    if kind == COMPANY:
        if not name:
            errors.append(("represented_name", _("Indica la denominazione dell'impresa o dell'ente.")))
        if not is_numeric_code(code):
            errors.append(("represented_tax_id", _(
                "La partita IVA o il codice fiscale numerico dell'impresa non è valido: "
                "servono 11 cifre con la cifra di controllo corretta.")))
        if not seat:
            errors.append(("represented_seat", _("Indica la sede legale dell'impresa o dell'ente.")))
    else:
        if not name:
            errors.append(("represented_name", _("Indica nome e cognome o denominazione del cliente.")))
        if not (is_personal_code(code) or is_numeric_code(code)):
            errors.append(("represented_tax_id", _(
                "Il codice fiscale del cliente non è valido: 16 caratteri per una persona, "
                "11 cifre per un'impresa o un ente.")))
        if not has_procura:
            errors.append(("procura", _(
                "Allega la procura (atto di incarico) firmata dal cliente, in formato PDF.")))
    for field, value, limit in (("represented_name", name, MAX_TEXT), ("represented_seat", seat, MAX_TEXT),
                                ("register_number", register, MAX_REGISTER)):
        if len(value) > limit:
            errors.append((field, _("Testo troppo lungo (al massimo ${limit} caratteri).",
                                    mapping={"limit": limit})))
    if errors:
        raise RepresentationInvalid(errors)
    return {"kind": kind, "subject_code": code, "subject_name": name,
            "subject_seat": seat if kind == COMPANY else "",
            "register_number": register if kind == PROFESSIONAL else "", "attachment_id": None}


def check_procura(data, filename):
    """Check the procura's content (a real PDF within the limit) before anything
    is stored; raises :class:`UploadRejected` with an Italian message."""
    return check_upload(data, PROCURA_SPEC["mime_types"], PROCURA_SPEC["max_size_mb"],
                        PROCURA_SPEC["name"], filename=filename)


def attach(app, representation, procura=None, filename=""):
    """Store ``representation`` (from :func:`read`) on the new draft ``app``."""
    if representation is None:
        return None
    representation = dict(representation)
    if procura is not None and representation["kind"] == PROFESSIONAL:
        att = add_attachment(app, PROCURA_SPEC["name"], procura, filename or "procura.pdf",
                             app.applicant_id, spec=PROCURA_SPEC)
        representation["attachment_id"] = att.id
    app.representation = representation
    app.represented_name = representation["subject_name"]
    app.represented_tax_id = representation["subject_code"]
    app.reindexObject(idxs=["represented_code"])  # metadata (acting_for) too
    return representation


def representation_of(app):
    """The representation dict of ``app`` (also for applications created
    before it existed, from ``represented_*``), or None."""
    found = getattr(app, "representation", None)
    if found:
        return dict(found)
    if getattr(app, "represented_tax_id", None):
        kind = KIND_OF.get(getattr(app, "applicant_kind", None), COMPANY)
        return {"kind": kind, "subject_code": app.represented_tax_id,
                "subject_name": app.represented_name or "", "subject_seat": "",
                "register_number": "", "attachment_id": None}
    return None

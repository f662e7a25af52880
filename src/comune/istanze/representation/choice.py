"""Reading the citizen's «Presento per» choice from the web form and from
REST, into a checked representation and procura file, before any draft
exists (so a refusal leaves nothing behind)."""

from comune.istanze import _
from comune.istanze.documents.sniffing import UploadRejected
from comune.istanze.representation.model import check_procura
from comune.istanze.representation.model import KIND_OF
from comune.istanze.representation.model import PROCURA_SPEC
from comune.istanze.representation.model import PROFESSIONAL
from comune.istanze.representation.model import read
from comune.istanze.representation.model import RepresentationInvalid
from comune.istanze.uploads.limits import MB
from comune.istanze.uploads.streaming import from_upload
from dataclasses import dataclass
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile


FIELDS = ("represented_name", "represented_tax_id", "represented_seat", "register_number")
# What the citizen reads at the first step («Presento per ...»).
CITIZEN_TITLES = {
    "association": _("un'impresa o un ente di cui sono legale rappresentante"),
    "professional": _("un cliente, come professionista incaricato (con procura)"),
}
MACROS = ViewPageTemplateFile("templates/fields.pt")
MAX_BYTES = PROCURA_SPEC["max_size_mb"] * MB


@dataclass
class Choice:
    representation: dict = None
    procura: object = None  # a ReceivedFile (web) or bytes/ReceivedFile (REST)
    filename: str = ""

    @property
    def represented(self):
        """The ``represented`` argument of ``create_draft``."""
        rep = self.representation
        return {"name": rep["subject_name"], "tax_id": rep["subject_code"]} if rep else {}


def _checked_procura(choice, data, filename):
    check_procura(data, filename)
    choice.procura, choice.filename = data, filename


def from_form(type_obj, kind, form, errors):
    """The :class:`Choice` of a web form; fills ``errors`` ({field: message})."""
    choice = Choice()
    upload = form.get("procura")
    has_file = KIND_OF.get(kind) == PROFESSIONAL and bool(getattr(upload, "filename", None))
    if has_file:
        try:
            _checked_procura(choice, from_upload(upload, MAX_BYTES, PROCURA_SPEC["name"]),
                             upload.filename)
        except UploadRejected as exc:
            errors["procura"] = exc.message
    try:
        choice.representation = read(type_obj, kind, {k: form.get(k) for k in FIELDS}, has_file)
    except RepresentationInvalid as exc:
        for field, message in exc.errors:
            errors.setdefault(field, message)
    return choice


def from_json(type_obj, kind, represented, decode):
    """The :class:`Choice` of a REST body's ``represented`` object.

    ``decode(text, max_bytes, label, field)`` turns the procura's base64
    into a file (the REST module's own decoder). Raises
    :class:`RepresentationInvalid` (fields prefixed ``represented.``),
    :class:`NotAllowed` or :class:`UploadRejected`."""
    procura = represented.get("procura") if KIND_OF.get(kind) == PROFESSIONAL else None
    if procura is not None and not (isinstance(procura, dict) and isinstance(procura.get("data"), str)):
        raise RepresentationInvalid([("represented.procura", _(
            "«procura» deve essere un oggetto con «filename», «content-type» e «data» (base64)."))])
    choice = Choice()
    try:
        values = {field: represented.get(field.replace("represented_", "")) for field in FIELDS}
        choice.representation = read(type_obj, kind, values, has_procura=procura is not None)
    except RepresentationInvalid as exc:
        raise RepresentationInvalid([("represented." + f.replace("represented_", ""), m)
                                     for f, m in exc.errors]) from exc
    if procura is not None:
        filename = procura.get("filename") if isinstance(procura.get("filename"), str) else ""
        data = decode(procura["data"], MAX_BYTES, PROCURA_SPEC["name"], "represented.procura")
        _checked_procura(choice, data, filename or "procura.pdf")
    return choice

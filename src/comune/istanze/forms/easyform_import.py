"""Convert the ``fields_model`` XML of a collective.easyform form.

Fields of the types the application forms allow are kept (some are mapped:
Email -> text line with the email validator, NamedFile -> NamedBlobFile,
Decimal -> decimal number, List of choices -> multiple choice, RichText ->
text); labels, captchas, Likert scales, hidden and server-side fields are
dropped; easyform's TALES expressions (default, enabling, validator) and
permissions are dropped; easyform validators are mapped to ours when an
equivalent exists. Every change is reported, in Italian, to the editor.
"""

from comune.istanze import _
from comune.istanze.forms.designer import check_model
from comune.istanze.forms.designer import parse_xml
from comune.istanze.forms.designer import RESERVED
from comune.istanze.forms.designer import serialize
from comune.istanze.forms.interfaces import NAMESPACE as ISTANZE_NS
from copy import deepcopy
from dataclasses import dataclass
from dataclasses import field as dc_field
from lxml import etree
from zope.component import queryUtility
from zope.schema.interfaces import IVocabularyFactory


SCHEMA_NS = "http://namespaces.plone.org/supermodel/schema"
FORM_NS = "http://namespaces.plone.org/supermodel/form"
EASYFORM_NS = "http://namespaces.plone.org/supermodel/easyform"
SECURITY_NS = "http://namespaces.plone.org/supermodel/security"
NSMAP = {None: SCHEMA_NS, "form": FORM_NS, "istanze": ISTANZE_NS}

KEPT = {
    "zope.schema.TextLine",
    "zope.schema.Text",
    "zope.schema.Choice",
    "zope.schema.Set",
    "zope.schema.Date",
    "zope.schema.Datetime",
    "zope.schema.Int",
    "zope.schema.Float",
    "zope.schema.Bool",
    "plone.namedfile.field.NamedBlobFile",
}
MAPPED = {
    "zope.schema.ASCIILine": "zope.schema.TextLine",
    "zope.schema.URI": "zope.schema.TextLine",
    "plone.schema.email.Email": "zope.schema.TextLine",
    "zope.schema.Decimal": "zope.schema.Float",
    "zope.schema.List": "zope.schema.Set",
    "plone.namedfile.field.NamedFile": "plone.namedfile.field.NamedBlobFile",
    "plone.app.textfield.RichText": "zope.schema.Text",
}
DROPPED = {
    "collective.easyform.fields.Label": _("etichetta (testo statico)"),
    "collective.easyform.fields.RichLabel": _("etichetta formattata (testo statico)"),
    "collective.easyform.fields.ReCaptcha": _(
        "captcha (i cittadini accedono con SPID/CIE)"
    ),
    "collective.easyform.fields.HCaptcha": _(
        "captcha (i cittadini accedono con SPID/CIE)"
    ),
    "collective.easyform.fields.NorobotCaptcha": _(
        "captcha (i cittadini accedono con SPID/CIE)"
    ),
    "collective.easyform.fields.Likert": _("scala Likert"),
}
VALIDATORS = {
    "isValidEmail": "email",
    "isEmail": "email",
    "isInternationalPhoneNumber": "telefono",
}
RICHTEXT_ONLY = (
    "default_mime_type",
    "output_mime_type",
    "allowed_mime_types",
    "max_length",
)
WIDGET_PREFIXES = ("z3c.form.browser.", "plone.app.z3cform.widget.")


@dataclass
class ImportResult:
    xml: str
    kept: list = dc_field(default_factory=list)  # field names
    notes: list = dc_field(default_factory=list)  # Italian messages


def _local(tag):
    return etree.QName(tag).localname if isinstance(tag, str) else None


def _is_true(value):
    return (value or "").strip().lower() == "true"


class Converter:
    def __init__(self):
        self.result = ImportResult(xml="")
        self.names = set()

    def note(self, message):
        self.result.notes.append(message)

    def convert(self, source):
        root = parse_xml(source)
        model = etree.Element(f"{{{SCHEMA_NS}}}model", nsmap=NSMAP)
        schema_out = etree.SubElement(model, f"{{{SCHEMA_NS}}}schema")
        schemata = [el for el in root if _local(el.tag) == "schema"]
        for extra in schemata[1:]:
            self.note(
                _(
                    "Schema aggiuntivo '${name}' ignorato: si importa solo lo schema principale.",
                    mapping=dict(name=extra.get("name") or ""),
                )
            )
        for el in schemata[0] if schemata else []:
            tag = _local(el.tag)
            if tag == "field":
                self.add_field(schema_out, el)
            elif tag == "fieldset":
                self.add_fieldset(schema_out, el)
        xml = etree.tostring(model, pretty_print=True, encoding=str)
        parsed = check_model(xml)
        self.result.xml = serialize(parsed.schema)
        return self.result

    def add_fieldset(self, parent, el):
        out = etree.SubElement(parent, f"{{{SCHEMA_NS}}}fieldset")
        for attr in ("name", "label", "description"):
            if el.get(attr):
                out.set(attr, el.get(attr))
        for child in el:
            if _local(child.tag) == "field":
                self.add_field(out, child)
        if not len(out):
            parent.remove(out)
            self.note(
                _(
                    "Sezione '${name}' senza campi importabili: omessa.",
                    mapping=dict(name=el.get("name")),
                )
            )

    def add_field(self, parent, el):
        name, ftype = el.get("name"), el.get("type")
        title = (el.findtext(f"{{{SCHEMA_NS}}}title") or name or "").strip()
        if ftype in DROPPED:
            self.note(
                _(
                    "Campo '${title}' (${kind}) omesso.",
                    mapping=dict(title=title, kind=DROPPED[ftype]),
                )
            )
            return
        if _is_true(el.get(f"{{{EASYFORM_NS}}}THidden")):
            self.note(
                _(
                    "Campo nascosto '${title}' omesso: il cittadino non lo compilerebbe.",
                    mapping=dict(title=title),
                )
            )
            return
        if _is_true(el.get(f"{{{EASYFORM_NS}}}serverSide")):
            self.note(
                _("Campo lato server '${title}' omesso.", mapping=dict(title=title))
            )
            return
        if ftype not in KEPT and ftype not in MAPPED:
            self.note(
                _(
                    "Campo '${title}' omesso: tipo ${type} non ammesso nei moduli.",
                    mapping=dict(title=title, type=ftype),
                )
            )
            return
        vocabulary = el.findtext(f".//{{{SCHEMA_NS}}}vocabulary")
        if vocabulary and queryUtility(IVocabularyFactory, vocabulary.strip()) is None:
            self.note(
                _(
                    "Campo '${title}' omesso: il vocabolario '${vocabulary}' non esiste in questo sito.",
                    mapping=dict(title=title, vocabulary=vocabulary.strip()),
                )
            )
            return
        if el.find(f".//{{{SCHEMA_NS}}}source") is not None:
            self.note(
                _(
                    "Campo '${title}' omesso: usa una sorgente di valori non importabile.",
                    mapping=dict(title=title),
                )
            )
            return
        out = deepcopy(el)
        if ftype in MAPPED:
            out.set("type", MAPPED[ftype])
            self.note(
                _(
                    "Campo '${title}': tipo ${old} convertito in ${new}.",
                    mapping=dict(title=title, old=ftype, new=MAPPED[ftype]),
                )
            )
        if ftype == "plone.app.textfield.RichText":
            for child in list(out):
                if _local(child.tag) in RICHTEXT_ONLY:
                    out.remove(child)
        self.clean_attributes(out, title, ftype)
        self.clean_widgets(out, title)
        new_name = self.free_name(name)
        if new_name != name:
            out.set("name", new_name)
            self.note(
                _(
                    "Campo '${title}': il nome '${old}' è riservato o ripetuto, rinominato in '${new}'.",
                    mapping=dict(title=title, old=name, new=new_name),
                )
            )
        self.names.add(new_name)
        self.result.kept.append(new_name)
        parent.append(out)

    def free_name(self, name):
        candidate = name if name not in RESERVED else f"campo_{name}"
        counter = 1
        while candidate in self.names:
            counter += 1
            candidate = f"{name}_{counter}"
        return candidate

    def clean_attributes(self, out, title, ftype):
        validator = "email" if ftype == "plone.schema.email.Email" else None
        dropped = []
        for attr in list(out.attrib):
            qname = etree.QName(attr)
            if qname.namespace == EASYFORM_NS and qname.localname == "validators":
                for name in out.get(attr).split("|"):
                    if name in VALIDATORS and validator is None:
                        validator = VALIDATORS[name]
                    elif name:
                        self.note(
                            _(
                                "Campo '${title}': validatore easyform '${name}' non disponibile, ignorato.",
                                mapping=dict(title=title, name=name),
                            )
                        )
                del out.attrib[attr]
            elif qname.namespace in (EASYFORM_NS, SECURITY_NS):
                dropped.append(qname.localname)
                del out.attrib[attr]
        if dropped:
            self.note(
                _(
                    "Campo '${title}': impostazioni ${names} ignorate (espressioni TALES, "
                    "permessi e stili di easyform non si usano nelle istanze).",
                    mapping=dict(title=title, names=", ".join(sorted(dropped))),
                )
            )
        if validator:
            out.set(f"{{{ISTANZE_NS}}}validator", validator)
            self.note(
                _(
                    "Campo '${title}': controllo '${validator}' applicato.",
                    mapping=dict(title=title, validator=validator),
                )
            )

    def clean_widgets(self, out, title):
        for child in list(out):
            if (
                etree.QName(child.tag).namespace == FORM_NS
                and _local(child.tag) == "widget"
            ):
                kind = child.get("type") or ""
                if not kind.startswith(WIDGET_PREFIXES):
                    out.remove(child)
                    self.note(
                        _(
                            "Campo '${title}': widget ${widget} non disponibile, si usa quello standard.",
                            mapping=dict(title=title, widget=kind),
                        )
                    )
        widget = out.get(f"{{{FORM_NS}}}widget")
        if widget and not widget.startswith(WIDGET_PREFIXES):
            del out.attrib[f"{{{FORM_NS}}}widget"]
            self.note(
                _(
                    "Campo '${title}': widget ${widget} non disponibile, si usa quello standard.",
                    mapping=dict(title=title, widget=widget),
                )
            )


def convert_easyform(source):
    """Convert easyform ``fields_model`` XML; raises ``FormModelError``."""
    result = Converter().convert(source)
    if not result.kept:
        from comune.istanze.content.fti import FormModelError

        raise FormModelError(_("Il modulo easyform non contiene campi importabili."))
    return result

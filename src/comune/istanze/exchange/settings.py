"""The settings of a type as ``<campo>`` elements, by walking its schemata.

Every field of every schema of the type (its own schema and its behaviors'
schemata, :func:`plone.dexterity.utils.iterSchemata`) is written, whatever
branch added it, except the form XML (its own ``<modulo>`` element) and
read-only fields. A value is written by the kind of its field:

- text, numbers, choices: the text of ``<campo nome="...">``
  (booleans ``true``/``false``, dates and times ISO 8601);
- rich text: the HTML as text, with its ``mime`` attribute;
- lists, tuples, sets: one ``<valore>`` a member; rows of a data grid
  (dicts) one ``<riga>`` holding a ``<valore chiave="...">`` a key;
- ``None``: ``nullo="true"`` (an absent field takes its default on import).

Fields are sorted by name, row keys too: the same type always gives the same
bytes. Reading is the reverse, checked with the field's own validation.
"""

from comune.istanze import _
from datetime import date
from datetime import datetime
from plone.app.textfield.interfaces import IRichText
from plone.app.textfield.value import RichTextValue
from plone.dexterity.utils import iterSchemata
from zope.schema import getFieldsInOrder
from zope.schema.interfaces import IBool
from zope.schema.interfaces import ICollection
from zope.schema.interfaces import IDate
from zope.schema.interfaces import IDatetime
from zope.schema.interfaces import IDict
from zope.schema.interfaces import IFloat
from zope.schema.interfaces import IFromUnicode
from zope.schema.interfaces import IInt
from zope.schema.interfaces import ValidationError

from lxml import etree


SKIPPED = ("form_model",)  # exported as <modulo>


class SettingError(ValueError):
    """A value that cannot be read; ``message`` is Italian, ``line`` its line."""

    def __init__(self, message, line=None):
        super().__init__(message)
        self.message = message
        self.line = line


def type_fields(obj_or_fti_schemata):
    """(name, field, schema) of every exportable field, sorted by name."""
    seen = {}
    for schema in obj_or_fti_schemata:
        for name, field in getFieldsInOrder(schema):
            if name in SKIPPED or field.readonly or name in seen:
                continue
            seen[name] = (name, field, schema)
    return [seen[name] for name in sorted(seen)]


def schemata_of(obj):
    return tuple(iterSchemata(obj))


# ---- writing ---------------------------------------------------------------

def _scalar_text(field, value):
    if IBool.providedBy(field) or isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _value_element(parent, tag, field, value, key=None):
    element = etree.SubElement(parent, tag)
    if key is not None:
        element.set("chiave", key)
    if value is None:
        element.set("nullo", "true")
    else:
        element.text = _scalar_text(field, value)
    return element


def _row_fields(field):
    schema = getattr(getattr(field, "value_type", None), "schema", None)
    return dict(getFieldsInOrder(schema)) if schema is not None else {}


def write_field(parent, name, field, value):
    element = etree.SubElement(parent, "campo", nome=name)
    if value is None:
        element.set("nullo", "true")
    elif IRichText.providedBy(field):
        element.set("mime", value.mimeType or "text/html")
        element.text = value.raw or ""
    elif IDict.providedBy(field) or isinstance(value, dict):
        for key in sorted(value):
            _value_element(element, "valore", field.value_type, value[key], key=str(key))
    elif ICollection.providedBy(field):
        members = sorted(value) if isinstance(value, (set, frozenset)) else value
        row_fields = _row_fields(field)
        for member in members:
            if isinstance(member, dict):
                row = etree.SubElement(element, "riga")
                for key in sorted(member):
                    _value_element(row, "valore", row_fields.get(key), member[key], key=str(key))
            else:
                _value_element(element, "valore", field.value_type, member)
    else:
        element.text = _scalar_text(field, value)
    return element


def write_settings(parent, obj):
    settings = etree.SubElement(parent, "impostazioni")
    for name, field, schema in type_fields(schemata_of(obj)):
        value = field.get(schema(obj))
        write_field(settings, name, field, value)
    return settings


# ---- reading ---------------------------------------------------------------

def _error(element, name, detail):
    return SettingError(
        _("Impostazione «${name}» (riga ${line}): ${detail}",
          mapping={"name": name, "line": element.sourceline, "detail": detail}),
        element.sourceline)


def _scalar(field, text, element, name):
    text = text or ""
    try:
        if field is None:
            return text
        if IBool.providedBy(field):
            if text not in ("true", "false"):
                raise ValueError("atteso true o false")
            return text == "true"
        if IDatetime.providedBy(field):
            return datetime.fromisoformat(text)
        if IDate.providedBy(field):
            return date.fromisoformat(text)
        if IInt.providedBy(field):
            return int(text)
        if IFloat.providedBy(field):
            return float(text)
        if IFromUnicode.providedBy(field):
            return field.bind(None).fromUnicode(text) if _needs_conversion(field) else text
        return text
    except (ValueError, ValidationError) as exc:
        raise _error(element, name, _("valore non valido «${value}» (${error})",
                                      mapping={"value": text, "error": _doc(exc)})) from exc


def _needs_conversion(field):
    kind = getattr(field, "_type", None)
    return isinstance(kind, type) and kind is not str


def _doc(exc):
    doc = getattr(exc, "doc", None)
    return doc() if callable(doc) else str(exc)


def _member(field, element, name):
    if element.get("nullo") == "true":
        return None
    return _scalar(field, element.text, element, name)


def read_field(element, field):
    """The Python value of one ``<campo>`` (not yet validated)."""
    name = element.get("nome")
    if element.get("nullo") == "true":
        return None
    if IRichText.providedBy(field):
        return RichTextValue(element.text or "", element.get("mime") or "text/html",
                             field.output_mime_type)
    if IDict.providedBy(field):
        return {v.get("chiave"): _member(field.value_type, v, name) for v in element}
    if ICollection.providedBy(field):
        row_fields = _row_fields(field)
        members = []
        for child in element:
            if etree.QName(child).localname == "riga":
                members.append({v.get("chiave"): _member(row_fields.get(v.get("chiave")), v, name)
                                for v in child})
            else:
                members.append(_member(field.value_type, child, name))
        return field._type(members) if isinstance(field._type, type) else members
    return _scalar(field, element.text, element, name)


def read_settings(settings_element, schemata):
    """``({name: (field, schema, value, line)}, [SettingError])`` of the
    ``<impostazioni>``: values read, not yet validated (see :func:`check_value`);
    fields the site does not know are errors."""
    fields = {name: (field, schema) for name, field, schema in type_fields(schemata)}
    values, errors = {}, []
    for element in settings_element:
        if not isinstance(element.tag, str):
            continue  # a comment
        name = element.get("nome")
        if name not in fields:
            errors.append(_error(element, name, _("questo sito non ha un campo con questo nome")))
            continue
        field, schema = fields[name]
        try:
            values[name] = (field, schema, read_field(element, field), element.sourceline)
        except SettingError as exc:
            errors.append(exc)
    return values, errors


def _filled(field, value):
    """A copy of data-grid rows with the missing keys at their default (rows
    written before a column existed); the stored value stays as read."""
    row_fields = _row_fields(field)
    if not row_fields or not value:
        return value
    return field._type({**{k: f.default for k, f in row_fields.items()}, **row}
                       for row in value)


def check_value(name, field, value, line, context=None):
    """Validate one read value with its field; :class:`SettingError` or None."""
    if value is None and not field.required:
        return None
    try:
        field.bind(context).validate(_filled(field, value))
    except ValidationError as exc:
        detail = _doc(exc)
        nested = getattr(exc, "errors", None) or (exc.args[0] if exc.args and
                                                  isinstance(exc.args[0], list) else ())
        if nested:
            detail = "; ".join(_doc(e) if isinstance(e, ValidationError) else str(e)
                               for e in nested)
        return SettingError(_("Impostazione «${name}» (riga ${line}): ${detail}",
                              mapping={"name": name, "line": line, "detail": detail}), line)
    return None

"""``istanze:show-when`` in the form XML: when a field or a fieldset applies.

::

    <field name="nome_associazione" type="zope.schema.TextLine"
           istanze:show-when='tipo_richiedente == "associazione"'>
    <fieldset name="figli" label="Figli" istanze:show-when="figli &gt; 0">

The value is a condition of :mod:`comune.istanze.conditions.expression`
(documented there). A field's condition may read the fields before it (also
earlier in its own fieldset); a fieldset's condition, which hides the whole
step, reads fields of earlier fieldsets only. Both are kept in the schema's
tagged value :data:`CONDITIONS_KEY` (``{"fields": {name: text},
"fieldsets": {name: text}}``) and written back unchanged when the designer
serialises the schema. Every condition is checked when the XML is read (so
when the editor saves): syntax, fields that exist and come earlier, values
fitting the field (numbers for numbers, a choice among the choices); the
error is in Italian and names the field and the position in the condition.
"""

from comune.istanze import _
from comune.istanze.conditions.expression import comparisons
from comune.istanze.conditions.expression import ConditionSyntaxError
from comune.istanze.conditions.expression import ORDERING
from comune.istanze.conditions.expression import parse
from comune.istanze.conditions.expression import references
from comune.istanze.forms.interfaces import NAMESPACE
from comune.istanze.forms.interfaces import PREFIX
from comune.istanze.forms.structure import field_order
from comune.istanze.forms.structure import fieldsets
from datetime import date
from plone.namedfile.interfaces import INamedField
from plone.supermodel.interfaces import IFieldMetadataHandler
from plone.supermodel.interfaces import ISchemaMetadataHandler
from plone.supermodel.utils import ns
from zope.i18n import translate
from zope.interface import implementer
from zope.schema.interfaces import IBool
from zope.schema.interfaces import IChoice
from zope.schema.interfaces import ICollection
from zope.schema.interfaces import IDate
from zope.schema.interfaces import IDatetime
from zope.schema.interfaces import IFloat
from zope.schema.interfaces import IInt
from zope.schema.interfaces import IVocabularyTokenized

import re


CONDITIONS_KEY = "comune.istanze.conditions"
ATTRIBUTE = "show-when"


class ConditionError(ValueError):
    """A condition the form cannot use; ``message`` is an i18n message."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def __str__(self):
        return translate(self.message, target_language="it")


def stored(schema):
    """``{"fields": {...}, "fieldsets": {...}}`` of ``schema`` (a copy)."""
    data = schema.queryTaggedValue(CONDITIONS_KEY) or {}
    return {"fields": dict(data.get("fields") or {}), "fieldsets": dict(data.get("fieldsets") or {})}


def set_condition(schema, kind, name, text):
    """Set (or with an empty ``text`` remove) the condition of a field or
    fieldset (``kind`` "fields" / "fieldsets"); nothing is checked here."""
    data = stored(schema)
    text = (text or "").strip()
    if text:
        data[kind][name] = text
    else:
        data[kind].pop(name, None)
    schema.setTaggedValue(CONDITIONS_KEY, data)


def _position(text, name):
    match = re.search(r"\b%s\b" % re.escape(name), text)
    return match.start() + 1 if match else 1


def _target_label(kind, name):
    if kind == "fields":
        return _("Condizione del campo «${name}»", mapping={"name": name})
    return _("Condizione del gruppo «${name}»", mapping={"name": name})


def check_condition(schema, kind, name, text):
    """The tree of ``text`` as the condition of field/fieldset ``name``.

    Raises :class:`ConditionError` (Italian, with the target and position).
    """
    try:
        tree = parse(text)
        _check_against_form(schema, kind, name, text, tree)
    except ConditionSyntaxError as exc:
        raise ConditionError(_(
            "${target}: ${problem} (posizione ${position}).",
            mapping={"target": translate(_target_label(kind, name), target_language="it"),
                     "problem": translate(exc.message, target_language="it"),
                     "position": exc.position})) from None
    return tree


def _earlier(schema, kind, name):
    """Names of the fields a condition of ``name`` may read."""
    order = field_order(schema)
    if kind == "fields":
        names = [n for n, _fs in order]
        return set(names[:names.index(name)]) if name in names else set()
    sets = [fs for fs, _l, _n in fieldsets(schema)]
    before = set(sets[:sets.index(name)]) if name in sets else set(sets)
    return {n for n, fs in order if fs in before}


def _check_against_form(schema, kind, name, text, tree):
    allowed = _earlier(schema, kind, name)
    for ref in references(tree):
        position = _position(text, ref)
        if ref not in schema:
            raise ConditionSyntaxError(_(
                "il campo «${field}» non esiste nel modulo (un testo va tra virgolette: \"${field}\")",
                mapping={"field": ref}), position)
        if ref not in allowed:
            raise ConditionSyntaxError(_(
                "il campo «${field}» non viene prima: una condizione può usare solo risposte precedenti",
                mapping={"field": ref}), position)
        if INamedField.providedBy(schema[ref]):
            raise ConditionSyntaxError(_("un file non si può usare in una condizione"), position)
    for _c, op, left, right in comparisons(tree):
        field_node, value_node = (left, right) if left[0] == "field" else (right, left)
        if value_node[0] != "value":
            continue
        field = schema[field_node[1]]
        problem = _value_problem(field, op, value_node[1])
        if problem is not None:
            raise ConditionSyntaxError(problem, _position(text, field_node[1]))


def _is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _iso_date(value):
    try:
        date.fromisoformat(str(value)[:10])
        return isinstance(value, str)
    except ValueError:
        return False


def _vocabulary_values(field):
    field = field.value_type if ICollection.providedBy(field) else field
    vocab = getattr(field, "vocabulary", None) if IChoice.providedBy(field) else None
    if IVocabularyTokenized.providedBy(vocab):
        return [term.value for term in vocab]
    return None


def _value_problem(field, op, value):
    """An Italian message when ``value`` cannot be compared with ``field``."""
    label = {"field": field.__name__}
    values = list(value) if isinstance(value, tuple) else [value]
    if op in ORDERING and not (IInt.providedBy(field) or IFloat.providedBy(field)
                               or IDate.providedBy(field) or IDatetime.providedBy(field)):
        return _("«${field}» non è un numero né una data: usa == o !=", mapping=label)
    if IInt.providedBy(field) or IFloat.providedBy(field):
        if not all(_is_number(v) for v in values):
            return _("«${field}» è un numero: confrontalo con un numero (es. 0)", mapping=label)
    elif IBool.providedBy(field):
        if not all(isinstance(v, bool) for v in values):
            return _("«${field}» è un sì/no: confrontalo con true o false", mapping=label)
    elif IDate.providedBy(field) or IDatetime.providedBy(field):
        if not all(_iso_date(v) for v in values):
            return _("«${field}» è una data: confrontala con \"AAAA-MM-GG\"", mapping=label)
    choices = _vocabulary_values(field)
    if choices is not None:
        wrong = [v for v in values if v not in choices]
        if wrong:
            return _("«${value}» non è tra le scelte di «${field}»",
                     mapping={"value": str(wrong[0]), "field": field.__name__})
    return None


def check_all(schema):
    """Check every condition of ``schema``; raises :class:`ConditionError`."""
    data = stored(schema)
    names = {fs for fs, _l, _n in fieldsets(schema)}
    for kind in ("fields", "fieldsets"):
        for name, text in data[kind].items():
            if (name not in schema) if kind == "fields" else (name not in names):
                continue  # a removed field/fieldset: dropped on serialisation
            check_condition(schema, kind, name, text)


@implementer(IFieldMetadataHandler)
class FieldConditionHandler:
    """``istanze:show-when`` on ``<field>``."""

    namespace = NAMESPACE
    prefix = PREFIX

    def read(self, fieldNode, schema, field):
        text = fieldNode.get(ns(ATTRIBUTE, self.namespace))
        if text is not None and text.strip():
            set_condition(schema, "fields", field.__name__, text)

    def write(self, fieldNode, schema, field):
        text = stored(schema)["fields"].get(field.__name__)
        if text:
            fieldNode.set(ns(ATTRIBUTE, self.namespace), text)


@implementer(ISchemaMetadataHandler)
class FieldsetConditionHandler:
    """``istanze:show-when`` on ``<fieldset>``; checks every condition once
    the whole schema is read (field handlers run before schema handlers)."""

    namespace = NAMESPACE
    prefix = PREFIX

    def read(self, schemaNode, schema):
        for node in schemaNode.findall(ns("fieldset")):
            text = node.get(ns(ATTRIBUTE, self.namespace))
            if text is not None and text.strip():
                set_condition(schema, "fieldsets", node.get("name"), text)
        check_all(schema)

    def write(self, schemaNode, schema):
        texts = stored(schema)["fieldsets"]
        for node in schemaNode.findall("fieldset"):
            text = texts.get(node.get("name"))
            if text:
                node.set(ns(ATTRIBUTE, self.namespace), text)

"""The English texts of a form, written by the editor beside the Italian ones.

In the form XML (namespace :data:`~comune.istanze.forms.interfaces.NAMESPACE`)::

    <fieldset name="nucleo" label="Nucleo familiare" istanze:label-en="Household">
      <field name="isee" type="zope.schema.Float"
             istanze:title-en="ISEE value" istanze:description-en="From your ISEE certificate.">
        <title>Valore ISEE</title>

They are read into the schema's tagged value :data:`ENGLISH_KEY`
(``{field name: {"title", "description"}, "fieldset:<name>": {"label"}}``)
and written back when the designer serialises the schema, so the form
version frozen at publication keeps them. Citizens who chose English see
them (:func:`field_texts`, :func:`fieldset_label`); without an English text
the Italian one is shown.
"""

from comune.istanze import _
from comune.istanze.forms.interfaces import NAMESPACE
from comune.istanze.forms.interfaces import PREFIX
from plone.supermodel.interfaces import IFieldMetadataHandler
from plone.supermodel.interfaces import ISchemaMetadataHandler
from plone.supermodel.utils import ns
from zope import schema as zs
from zope.interface import implementer
from zope.interface import Interface


ENGLISH_KEY = "comune.istanze.english"
FIELD_ATTRIBUTES = {"title": "title-en", "description": "description-en"}
FIELDSET_ATTRIBUTE = "label-en"


def language_of(request):
    """The language of the page: "en" when the visitor chose English."""
    language = (request.get("LANGUAGE") if request is not None else None) or "it"
    return "en" if str(language).startswith("en") else "it"


def _texts(schema):
    return dict(schema.queryTaggedValue(ENGLISH_KEY, {}) or {})


def _set(schema, key, values):
    data = _texts(schema)
    values = {k: v.strip() for k, v in values.items() if v and v.strip()}
    if values:
        data[key] = values
    else:
        data.pop(key, None)
    schema.setTaggedValue(ENGLISH_KEY, data)


def field_texts(schema, name, language):
    """(title, description) of field ``name`` in ``language``."""
    field = schema[name]
    title, description = field.title, field.description
    if language == "en":
        english = _texts(schema).get(name, {})
        title = english.get("title") or title
        description = english.get("description") or description
    return title, description


def spec_name(spec, language):
    """The name of an attachment (a type's attachment spec) in ``language``."""
    return (language == "en" and (spec.get("name_en") or "").strip()) or spec.get("name")


def type_texts(type_obj, language):
    """(title, description) of an application type in ``language``."""
    title, description = type_obj.Title(), type_obj.Description()
    if language == "en":
        title = (getattr(type_obj, "title_en", None) or "").strip() or title
        description = (getattr(type_obj, "description_en", None) or "").strip() or description
    return title, description


def fieldset_label(schema, name, label, language):
    if language == "en":
        return _texts(schema).get(f"fieldset:{name}", {}).get("label") or label
    return label


@implementer(IFieldMetadataHandler)
class EnglishFieldHandler:
    """Read/write ``istanze:title-en`` and ``istanze:description-en``."""

    namespace = NAMESPACE
    prefix = PREFIX

    def read(self, fieldNode, schema, field):
        values = {key: fieldNode.get(ns(attr, self.namespace))
                  for key, attr in FIELD_ATTRIBUTES.items()}
        if any(values.values()):
            _set(schema, field.__name__, values)

    def write(self, fieldNode, schema, field):
        for key, attr in FIELD_ATTRIBUTES.items():
            value = _texts(schema).get(field.__name__, {}).get(key)
            if value:
                fieldNode.set(ns(attr, self.namespace), value)


def _fieldset_nodes(schemaNode):
    """The ``<fieldset>`` children (namespaced when parsed, plain when the
    serialiser is building them)."""
    return [node for node in schemaNode
            if isinstance(node.tag, str) and node.tag.rsplit("}", 1)[-1] == "fieldset"]


@implementer(ISchemaMetadataHandler)
class EnglishFieldsetHandler:
    """Read/write ``istanze:label-en`` on the ``<fieldset>`` elements."""

    namespace = NAMESPACE
    prefix = PREFIX

    def read(self, schemaNode, schema):
        for node in _fieldset_nodes(schemaNode):
            label = node.get(ns(FIELDSET_ATTRIBUTE, self.namespace))
            if label:
                _set(schema, f"fieldset:{node.get('name')}", {"label": label})

    def write(self, schemaNode, schema):
        for node in _fieldset_nodes(schemaNode):
            label = _texts(schema).get(f"fieldset:{node.get('name')}", {}).get("label")
            if label:
                node.set(ns(FIELDSET_ATTRIBUTE, self.namespace), label)


class IEnglishTexts(Interface):
    """The English texts of a field, in the designer's field edit form."""

    title_en = zs.TextLine(
        title=_("Titolo in inglese"),
        description=_("Mostrato ai cittadini che scelgono l'inglese; vuoto: il titolo italiano."),
        required=False,
    )
    description_en = zs.Text(
        title=_("Aiuto in inglese"),
        description=_("Il testo di aiuto del campo per chi sceglie l'inglese."),
        required=False,
    )


class EnglishTexts:
    """Adapter of a field for the designer's extender."""

    def __init__(self, field):
        self.__dict__["field"] = field

    def _get(self, key):
        field = self.field
        return _texts(field.interface).get(field.__name__, {}).get(key) if field.interface else None

    def _set(self, key, value):
        field = self.field
        values = dict(_texts(field.interface).get(field.__name__, {}))
        values[key] = value or ""
        _set(field.interface, field.__name__, values)

    title_en = property(lambda s: s._get("title"), lambda s, v: s._set("title", v))
    description_en = property(lambda s: s._get("description"), lambda s, v: s._set("description", v))


def english_texts_extender(context, field):
    """plone.schemaeditor field-editor extender of the designer."""
    return IEnglishTexts

"""The ``istanze:`` namespace of the form XML: field validators.

``<field name="cf" type="zope.schema.TextLine"
istanze:validator="codice_fiscale">`` (plus ``istanze:min``/``istanze:max``
for ranges) is read into the schema's tagged value :data:`VALIDATORS_KEY`
and into the field's constraint, and written back when the designer
serialises the schema.
"""

from comune.istanze.forms.interfaces import IFieldValidator
from comune.istanze.forms.interfaces import IValidatorSettings
from comune.istanze.forms.interfaces import NAMESPACE
from comune.istanze.forms.interfaces import PREFIX
from comune.istanze.forms.interfaces import VALIDATORS_KEY
from comune.istanze.forms.validators import apply_validator
from comune.istanze.forms.validators import check_settings
from plone.supermodel.interfaces import IFieldMetadataHandler
from plone.supermodel.utils import ns
from zope.component import adapter
from zope.component import getUtilitiesFor
from zope.i18n import translate
from zope.interface import implementer
from zope.interface import provider
from zope.schema.interfaces import IField
from zope.schema.interfaces import IVocabularyFactory
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary


ATTRIBUTES = ("name", "min", "max")
XML_NAMES = {"name": "validator", "min": "min", "max": "max"}


def field_settings(schema, name):
    return dict(schema.queryTaggedValue(VALIDATORS_KEY, {}).get(name) or {})


def set_field_settings(schema, field, settings):
    """Store ``settings`` for ``field`` and update its constraint."""
    data = dict(schema.queryTaggedValue(VALIDATORS_KEY, {}))
    settings = {k: v for k, v in (settings or {}).items() if v not in (None, "")}
    if settings.get("name"):
        data[field.__name__] = settings
    else:
        data.pop(field.__name__, None)
        settings = {}
    schema.setTaggedValue(VALIDATORS_KEY, data)
    apply_validator(field, settings)


@implementer(IFieldMetadataHandler)
class ValidatorMetadataHandler:
    """Read/write ``istanze:validator``, ``istanze:min``, ``istanze:max``."""

    namespace = NAMESPACE
    prefix = PREFIX

    def read(self, fieldNode, schema, field):
        settings = {
            key: fieldNode.get(ns(xml_name, self.namespace))
            for key, xml_name in XML_NAMES.items()
        }
        if not settings["name"]:
            return
        # A validator of an uninstalled package is kept (and skipped);
        # wrong bounds of a known validator make the model invalid.
        if _known(settings["name"]):
            try:
                check_settings(
                    settings["name"], settings["min"], settings["max"], field
                )
            except ValueError as exc:  # the parser reports str(exc): interpolate
                raise ValueError(translate(exc.args[0], target_language="it")) from None
        set_field_settings(schema, field, settings)

    def write(self, fieldNode, schema, field):
        settings = field_settings(schema, field.__name__)
        for key, xml_name in XML_NAMES.items():
            if settings.get(key):
                fieldNode.set(ns(xml_name, self.namespace), settings[key])


def _known(name):
    return any(n == name for n, _u in getUtilitiesFor(IFieldValidator))


@provider(IVocabularyFactory)
def validators_vocabulary(context=None):
    """Validators; only those fitting the field when the context is one."""
    field = getattr(context, "field", context)
    fits = (lambda v: v.applies_to(field)) if IField.providedBy(field) else None
    terms = [
        SimpleTerm(name, name, utility.title)
        for name, utility in sorted(getUtilitiesFor(IFieldValidator))
        if fits is None or fits(utility)
    ]
    return SimpleVocabulary(terms)


@implementer(IValidatorSettings)
@adapter(IField)
class ValidatorSettings:
    """The field edit form's view of a field's validator settings."""

    def __init__(self, field):
        self.__dict__["field"] = field

    def _get(self, key):
        field = self.field
        return (
            field_settings(field.interface, field.__name__).get(key)
            if field.interface
            else None
        )

    def _set(self, key, value):
        field = self.field
        settings = field_settings(field.interface, field.__name__)
        settings[key] = value
        set_field_settings(field.interface, field, settings)

    validator = property(lambda s: s._get("name"), lambda s, v: s._set("name", v))
    validator_min = property(lambda s: s._get("min"), lambda s, v: s._set("min", v))
    validator_max = property(lambda s: s._get("max"), lambda s, v: s._set("max", v))


def validator_settings_extender(context, field):
    """plone.schemaeditor field-editor extender of the designer."""
    return IValidatorSettings

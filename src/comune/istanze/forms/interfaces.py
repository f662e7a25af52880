"""Interfaces of the form designer and of the field validators."""

from comune.istanze import _
from plone.schemaeditor.interfaces import IFieldContext
from plone.schemaeditor.interfaces import ISchemaContext
from zope import schema
from zope.interface import Attribute
from zope.interface import Interface
from zope.interface import Invalid
from zope.interface import invariant
from zope.schema.interfaces import IField


#: XML namespace of the comune.istanze field metadata in supermodel XML.
NAMESPACE = "http://namespaces.comune.istanze/supermodel"
PREFIX = "istanze"
#: Schema tagged value: {field name: {"name": ..., "min": ..., "max": ...}}.
VALIDATORS_KEY = "comune.istanze.validators"


class IFieldValidator(Interface):
    """A check an editor can put on a form field (named utility).

    The utility's name is what the XML stores in ``istanze:validator``.
    A Comune can register its own validators from its own package.
    """

    title = Attribute("Italian label shown to editors")
    uses_bounds = Attribute("True when the validator reads the min/max bounds")

    def applies_to(field):
        """True when the validator makes sense on ``field`` (by its type)."""

    def parse_bounds(minimum, maximum):
        """Check the textual bounds (``istanze:min``/``istanze:max``).

        Raise ``ValueError`` with an Italian message when they are not valid.
        """

    def validate(value, minimum=None, maximum=None):
        """Raise :class:`comune.istanze.forms.validators.InvalidValue`
        (a ``zope.schema`` ``ValidationError``) with an Italian message when
        ``value`` is not acceptable."""


class IValidatorSettings(Interface):
    """Validator of a field, edited in the designer's field edit form."""

    validator = schema.Choice(
        title=_("Controllo sul valore"),
        description=_("Verifica applicata al valore inserito dal cittadino."),
        vocabulary="comune.istanze.FieldValidators",
        required=False,
    )
    validator_min = schema.TextLine(
        title=_("Limite minimo del controllo"),
        description=_(
            "Per gli intervalli: un numero, una data AAAA-MM-GG oppure 'oggi'."
        ),
        required=False,
    )
    validator_max = schema.TextLine(
        title=_("Limite massimo del controllo"),
        description=_(
            "Per gli intervalli: un numero, una data AAAA-MM-GG oppure 'oggi'."
        ),
        required=False,
    )

    @invariant
    def bounds_fit_validator(data):
        from comune.istanze.forms.validators import check_settings

        if data.validator:
            field = getattr(data, "__context__", None)  # the field being edited
            field = field if IField.providedBy(field) else None
            try:
                check_settings(
                    data.validator, data.validator_min, data.validator_max, field
                )
            except ValueError as exc:
                raise Invalid(exc.args[0]) from None


class IFormDesigner(ISchemaContext):
    """The form designer of an application type (``<type>/@@modulo``)."""


class IFormDesignerField(IFieldContext):
    """A field of the form designer (``<type>/@@modulo/<field>``)."""

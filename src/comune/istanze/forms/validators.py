"""Field validators editors can put on form fields.

Each validator is a named :class:`IFieldValidator` utility (see
``configure.zcml``); the form XML names it in ``istanze:validator`` and
:mod:`comune.istanze.forms.supermodel` turns it into the field's
``constraint``. A constraint runs inside ``field.validate()``, so the same
check applies in z3c.form forms, in ``submission.missing_answers`` and in
plone.restapi's deserializer.
"""

from comune.istanze import _
from comune.istanze.forms.interfaces import IFieldValidator
from datetime import date
from datetime import datetime
from stdnum import iban
from stdnum.it import codicefiscale
from stdnum.it import iva
from zope.component import queryUtility
from zope.i18nmessageid import Message
from zope.interface import implementer
from zope.schema.interfaces import IDate
from zope.schema.interfaces import IDatetime
from zope.schema.interfaces import IFloat
from zope.schema.interfaces import IInt
from zope.schema.interfaces import ITextLine
from zope.schema.interfaces import ValidationError

import logging
import math
import re


logger = logging.getLogger(__name__)

TODAY = "oggi"
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
# Italian numbers: landlines start with 0, mobiles with 3; optional +39/0039.
PHONE_RE = re.compile(r"^(0\d{5,10}|3\d{8,9})$")
PHONE_SEPARATORS = re.compile(r"[\s./()-]")


class InvalidValue(ValidationError):
    """Il valore non è valido."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def doc(self):
        return self.message

    def __str__(self):
        return str(self.message)


def _text(value):
    return str(value or "").strip()


@implementer(IFieldValidator)
class BaseValidator:
    title = ""
    uses_bounds = False
    field_types = (ITextLine,)  # the fields it makes sense on

    def applies_to(self, field):
        return any(iface.providedBy(field) for iface in self.field_types)

    def parse_bounds(self, minimum, maximum):
        return None, None

    def validate(self, value, minimum=None, maximum=None):
        raise NotImplementedError


class StdnumValidator(BaseValidator):
    """A validator backed by a python-stdnum module."""

    def __init__(self, title, module, message):
        self.title, self.module, self.message = title, module, message

    def validate(self, value, minimum=None, maximum=None):
        if not self.module.is_valid(_text(value).upper()):
            raise InvalidValue(self.message)


fiscal_code = StdnumValidator(
    _("Codice fiscale"),
    codicefiscale,
    _("Il codice fiscale non è valido: controlla i 16 caratteri."),
)
vat_number = StdnumValidator(
    _("Partita IVA"),
    iva,
    _("La partita IVA non è valida: deve avere 11 cifre corrette."),
)
iban_number = StdnumValidator(
    _("IBAN"),
    iban,
    _("L'IBAN non è valido: controlla paese, cifre di controllo e lunghezza."),
)


class Email(BaseValidator):
    title = _("Indirizzo email")

    def validate(self, value, minimum=None, maximum=None):
        if not EMAIL_RE.match(_text(value)):
            raise InvalidValue(
                _("L'indirizzo email non è valido (es. nome@dominio.it).")
            )


class ItalianPhone(BaseValidator):
    title = _("Numero di telefono italiano")

    def validate(self, value, minimum=None, maximum=None):
        number = PHONE_SEPARATORS.sub("", _text(value))
        for prefix in ("+39", "0039"):
            if number.startswith(prefix):
                number = number[len(prefix) :]
                break
        if not PHONE_RE.match(number):
            raise InvalidValue(
                _(
                    "Il numero di telefono non è valido: indica un numero "
                    "italiano fisso o mobile, es. 06 1234567 o 347 1234567."
                )
            )


def _as_date(value):
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raise InvalidValue(_("Questo controllo si applica solo alle date."))


def _as_number(value):
    try:
        return float(value)
    except (TypeError, ValueError):
        raise InvalidValue(_("Il valore deve essere un numero.")) from None


def _parse_date(text):
    if text.strip().lower() == TODAY:
        return TODAY
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(
            _(
                "Limite non valido '${value}': usa una data AAAA-MM-GG oppure 'oggi'.",
                mapping={"value": text},
            )
        ) from None


def _parse_number(text):
    try:
        return float(text.strip().replace(",", "."))
    except ValueError:
        raise ValueError(
            _(
                "Limite non valido '${value}': usa un numero, es. 10 o 2,5.",
                mapping={"value": text},
            )
        ) from None


class RangeValidator(BaseValidator):
    """Lower and/or upper bound, given as text in the form XML."""

    uses_bounds = True
    parse_one = None  # text -> bound
    coerce = None  # field value -> comparable
    show = None  # bound -> Italian text
    empty = below = above = None  # Italian messages

    def resolve(self, bound):
        return bound

    def parse_bounds(self, minimum, maximum):
        low, high = (
            None if b in (None, "") else self.parse_one(b) for b in (minimum, maximum)
        )
        if low is None and high is None:
            raise ValueError(self.empty)
        if (
            low is not None
            and high is not None
            and self.resolve(low) > self.resolve(high)
        ):
            raise ValueError(_("Il limite minimo supera il massimo."))
        return low, high

    def validate(self, value, minimum=None, maximum=None):
        current = self.coerce(value)
        low, high = (self.resolve(b) for b in self.parse_bounds(minimum, maximum))
        if low is not None and current < low:
            raise InvalidValue(Message(self.below, mapping={"limit": self.show(low)}))
        if high is not None and current > high:
            raise InvalidValue(Message(self.above, mapping={"limit": self.show(high)}))


class DateRange(RangeValidator):
    title = _("Intervallo di date")
    field_types = (IDate, IDatetime)
    parse_one = staticmethod(_parse_date)
    coerce = staticmethod(_as_date)
    show = staticmethod(lambda day: day.strftime("%d/%m/%Y"))
    empty = _("Per l'intervallo di date indica almeno un limite.")
    below = _("La data non può essere precedente al ${limit}.")
    above = _("La data non può essere successiva al ${limit}.")

    def resolve(self, bound):
        return date.today() if bound == TODAY else bound


class NumericRange(RangeValidator):
    title = _("Intervallo numerico")
    field_types = (IInt, IFloat)
    parse_one = staticmethod(_parse_number)
    coerce = staticmethod(_as_number)
    show = staticmethod(lambda number: f"{number:g}".replace(".", ","))
    empty = _("Per l'intervallo numerico indica almeno un limite.")
    below = _("Il valore non può essere inferiore a ${limit}.")
    above = _("Il valore non può essere superiore a ${limit}.")


class NotInFuture(BaseValidator):
    title = _("Data non nel futuro")
    field_types = (IDate, IDatetime)

    def validate(self, value, minimum=None, maximum=None):
        if _as_date(value) > date.today():
            raise InvalidValue(_("La data non può essere nel futuro."))


class ValidatorConstraint:
    """A field ``constraint`` that runs the named validator.

    It keeps the field type's own constraint (e.g. TextLine refuses new
    lines). The validator is looked up when the value is checked, so a
    validator registered by another package is found; a missing one is
    logged and skipped rather than blocking every citizen.
    """

    def __init__(self, name, minimum=None, maximum=None, base=None):
        self.name = name
        self.minimum = minimum
        self.maximum = maximum
        self.base = base

    def __call__(self, value):
        if self.base is not None and not self.base(value):
            return False
        validator = queryUtility(IFieldValidator, name=self.name)
        if validator is None:
            logger.warning("Validatore %r non registrato: controllo saltato", self.name)
            return True
        validator.validate(value, self.minimum, self.maximum)
        return True


def apply_validator(field, settings):
    """Set (or remove, when ``settings`` is empty) the field's constraint."""
    field.__dict__.pop("constraint", None)  # back to the field type's own
    if settings and settings.get("name"):
        field.constraint = ValidatorConstraint(
            settings["name"], settings.get("min"), settings.get("max"), field.constraint
        )


def check_settings(name, minimum, maximum, field=None):
    """Raise ``ValueError`` (Italian) when the validator or its bounds are wrong."""
    validator = queryUtility(IFieldValidator, name=name)
    if validator is None:
        raise ValueError(_("Controllo sconosciuto: ${name}.", mapping={"name": name}))
    if field is not None and not validator.applies_to(field):
        raise ValueError(
            _(
                "Il controllo '${name}' non si applica al campo '${field}' "
                "(tipo ${type}).",
                mapping={
                    "name": name,
                    "field": field.__name__,
                    "type": type(field).__name__,
                },
            )
        )
    if validator.uses_bounds:
        validator.parse_bounds(minimum, maximum)
    return validator


class FiniteNumber:
    """The constraint every Float field of a citizen's form gets (around the
    field's own): NaN and infinities ("NaN", "Infinity", "1e400") are not
    numbers a Comune can rank or pay, whatever the channel."""

    def __init__(self, field, base=None):
        self.label = str(field.title or field.__name__)
        self.base = base

    def __call__(self, value):
        if isinstance(value, float) and not math.isfinite(value):
            raise InvalidValue(_("Valore non valido per «${field}».", mapping={"field": self.label}))
        return self.base is None or self.base(value)


def finite_numbers(schema):
    """Give the Float fields of ``schema`` the :class:`FiniteNumber` check."""
    for name in schema.names():
        field = schema[name]
        if IFloat.providedBy(field) and not isinstance(field.constraint, FiniteNumber):
            field.constraint = FiniteNumber(field, field.constraint)

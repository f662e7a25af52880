"""Field validators: ``istanze:validator`` in the form XML, enforced by
``field.validate()`` (submission, REST) and by z3c.form forms alike."""

from comune.istanze.content.fti import FormModelError
from comune.istanze.content.fti import parse_model
from comune.istanze.fakes import fiscal_code
from comune.istanze.forms.validators import InvalidValue
from datetime import date
from datetime import timedelta
from plone.app.z3cform.interfaces import IPloneFormLayer
from plone.supermodel import serializeSchema
from stdnum import luhn
from z3c.form import field as z3c_field
from z3c.form import form as z3c_form
from zope.i18n import translate
from zope.interface import alsoProvides

import pytest


VAT = "1234567001" + luhn.calc_check_digit("1234567001")
BAD_VAT = VAT[:-1] + str((int(VAT[-1]) + 1) % 10)
TOMORROW = date.today() + timedelta(days=1)

# (validator, field type, extra attributes, valid value, invalid value, message)
CASES = [
    (
        "codice_fiscale",
        "TextLine",
        "",
        fiscal_code("Mario", "Rossi"),
        fiscal_code("Mario", "Rossi")[:-1] + "X",
        "Il codice fiscale non è valido",
    ),
    ("partita_iva", "TextLine", "", VAT, BAD_VAT, "La partita IVA non è valida"),
    (
        "iban",
        "TextLine",
        "",
        "IT60X0542811101000000123456",
        "IT61X0542811101000000123456",
        "L'IBAN non è valido",
    ),
    (
        "email",
        "TextLine",
        "",
        "mario.rossi@esempio.example",
        "mario.rossi@",
        "L'indirizzo email non è valido",
    ),
    (
        "telefono",
        "TextLine",
        "",
        "+39 347 123 4567",
        "12345",
        "Il numero di telefono non è valido",
    ),
    (
        "intervallo_date",
        "Date",
        ' istanze:min="2026-01-01" istanze:max="2026-12-31"',
        date(2026, 6, 1),
        date(2027, 1, 1),
        "La data non può essere successiva al 31/12/2026",
    ),
    (
        "data_non_futura",
        "Date",
        "",
        date.today(),
        TOMORROW,
        "La data non può essere nel futuro",
    ),
    (
        "intervallo_numerico",
        "Int",
        ' istanze:min="1" istanze:max="10"',
        10,
        11,
        "Il valore non può essere superiore a 10",
    ),
]


def model_xml(validator, ftype, extra):
    return (
        '<model xmlns="http://namespaces.plone.org/supermodel/schema" '
        'xmlns:istanze="http://namespaces.comune.istanze/supermodel"><schema>'
        f'<field name="valore" type="zope.schema.{ftype}" istanze:validator="{validator}"{extra}>'
        "<title>Valore</title></field></schema></model>"
    )


def load(validator, ftype, extra):
    return parse_model(model_xml(validator, ftype, extra)).schema


def italian(message, request=None):
    return translate(message, context=request, target_language="it")


@pytest.mark.parametrize(
    "name,ftype,extra,good,bad,message", CASES, ids=[c[0] for c in CASES]
)
def test_field_validate(portal, name, ftype, extra, good, bad, message):
    schema = load(name, ftype, extra)
    field = schema["valore"].bind(portal)
    field.validate(good)
    with pytest.raises(InvalidValue) as exc:
        field.validate(bad)
    assert italian(exc.value.doc()).startswith(message)


def _widget_value(value):
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


@pytest.mark.parametrize(
    "name,ftype,extra,good,bad,message", CASES, ids=[c[0] for c in CASES]
)
def test_z3c_form(portal, name, ftype, extra, good, bad, message):
    schema = load(name, ftype, extra)

    class Form(z3c_form.Form):
        fields = z3c_field.Fields(schema)
        ignoreContext = True

    for value, expected in ((good, None), (bad, message)):
        request = portal.REQUEST
        alsoProvides(request, IPloneFormLayer)
        request.form.clear()
        request.form.update({"form.widgets.valore": _widget_value(value)})
        form = Form(portal, request)
        form.update()
        data, errors = form.extractData()
        if expected is None:
            assert not errors and data["valore"] == value
        else:
            assert len(errors) == 1
            assert italian(errors[0].message, request).startswith(expected)


def test_round_trip_keeps_validator(portal):
    schema = load("intervallo_numerico", "Int", ' istanze:min="1" istanze:max="10"')
    xml = serializeSchema(schema)
    assert 'istanze:validator="intervallo_numerico"' in xml
    assert 'istanze:min="1"' in xml and 'istanze:max="10"' in xml
    again = parse_model(xml).schema["valore"]
    with pytest.raises(InvalidValue):
        again.validate(0)


def test_textline_keeps_its_own_constraint(portal):
    field = load("email", "TextLine", "")["valore"]
    from zope.schema.interfaces import ConstraintNotSatisfied

    with pytest.raises(ConstraintNotSatisfied):
        field.validate("a@b.it\nx")


def test_bad_bounds_make_the_model_invalid(portal):
    with pytest.raises(FormModelError) as exc:
        load("intervallo_date", "Date", ' istanze:min="ieri"')
    assert "AAAA-MM-GG" in italian(exc.value.args[0])


CF_FORM = (
    '<model xmlns="http://namespaces.plone.org/supermodel/schema" '
    'xmlns:istanze="http://namespaces.comune.istanze/supermodel"><schema>'
    '<field name="cf_coniuge" type="zope.schema.TextLine" istanze:validator="codice_fiscale">'
    "<title>Codice fiscale del coniuge</title></field></schema></model>"
)


@pytest.fixture
def cf_draft(portal, as_citizen):
    from comune.istanze.workflow import submission
    from tests.fixtures import make_type

    app_type = make_type(
        portal, code="CFCON", title="Dati del coniuge", xml=CF_FORM, attachments=[]
    )
    return submission.create_draft(app_type)


def test_submission_refuses_invalid_value(cf_draft):
    from comune.istanze.workflow import submission
    from comune.istanze.workflow.errors import ApplicationError
    from plone import api

    cf_draft.cf_coniuge = "RSSMRA80A01Z999X"
    with pytest.raises(ApplicationError) as exc:
        submission.submit(cf_draft)
    assert exc.value.field == "cf_coniuge"
    assert italian(exc.value.message).startswith("Il codice fiscale non è valido")
    assert api.content.get_state(cf_draft) == "draft"
    cf_draft.cf_coniuge = fiscal_code("Anna", "Verdi", female=True)
    submission.submit(cf_draft)
    assert api.content.get_state(cf_draft) == "submitted"


def test_restapi_deserializer_refuses_invalid_value(portal, cf_draft):
    from plone.restapi.interfaces import IDeserializeFromJson
    from zope.component import getMultiAdapter

    deserializer = getMultiAdapter((cf_draft, portal.REQUEST), IDeserializeFromJson)
    # the application deserializer (restapi/) refuses with the validator's message
    with pytest.raises(Exception) as exc:
        deserializer(data={"cf_coniuge": "NONVALIDO"})
    assert str(exc.value).startswith("Il codice fiscale non è valido")
    assert getattr(cf_draft, "cf_coniuge", None) is None
    good = fiscal_code("Anna", "Verdi", female=True)
    deserializer(data={"cf_coniuge": good})
    assert cf_draft.cf_coniuge == good


class PostalCode:
    """A Comune's own validator, registered from its own package."""

    title = "CAP"
    uses_bounds = False
    field_types = ()

    def applies_to(self, field):
        return True

    def parse_bounds(self, minimum, maximum):
        return None, None

    def validate(self, value, minimum=None, maximum=None):
        if not (len(str(value)) == 5 and str(value).isdigit()):
            raise InvalidValue("Il CAP deve avere 5 cifre.")


def test_a_comune_can_add_its_own_validator(portal):
    from comune.istanze.forms.interfaces import IFieldValidator
    from comune.istanze.forms.supermodel import validators_vocabulary
    from zope.interface import alsoProvides as provides

    cap = PostalCode()
    provides(cap, IFieldValidator)
    portal.getSiteManager().registerUtility(cap, IFieldValidator, name="cap")
    try:
        assert "cap" in validators_vocabulary(portal)
        field = load("cap", "TextLine", "")["valore"]
        field.validate("00184")
        with pytest.raises(InvalidValue) as exc:
            field.validate("184")
        assert exc.value.doc() == "Il CAP deve avere 5 cifre."
    finally:
        portal.getSiteManager().unregisterUtility(cap, IFieldValidator, name="cap")

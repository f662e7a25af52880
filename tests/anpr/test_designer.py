"""``istanze:anpr`` in the form XML and "Dato da ANPR" in the form designer."""

from comune.istanze.content.fti import parse_model
from comune.istanze.content.fti import version_schema
from comune.istanze.forms.designer import serialize
from comune.istanze.integrations.anpr.supermodel import marks
from tests.anpr.conftest import ANPR_XML
from tests.forms.test_designer import designer  # noqa: F401 (fixture)
from tests.forms.test_designer import post
from tests.forms.test_designer import request_  # noqa: F401 (fixture)
from tests.forms.test_designer import view


def test_round_trip_keeps_the_marks():
    schema = parse_model(ANPR_XML).schema
    assert marks(schema) == {"indirizzo_residenza": "residenza.indirizzo",
                             "cap_residenza": "residenza.cap", "comune_residenza": "residenza.comune",
                             "data_nascita": "generalita.dataNascita",
                             "cf_familiare": "famiglia.componente"}
    xml = serialize(schema)
    assert 'istanze:anpr="residenza.indirizzo"' in xml
    assert 'istanze:anpr="famiglia.componente"' in xml
    assert marks(parse_model(xml).schema) == marks(schema)


def test_unknown_datum_is_kept():
    xml = ANPR_XML.replace("residenza.cap", "residenza.futuro")
    assert 'istanze:anpr="residenza.futuro"' in serialize(parse_model(xml).schema)


def test_designer_marks_a_field_from_anpr(designer, request_, app_type):  # noqa: F811
    field = designer.publishTraverse(request_, "indirizzo")
    request_.form.clear()
    html = view(field, request_, "edit")()
    assert "Dato da ANPR" in html and "Indirizzo di residenza (via e numero civico)" in html
    assert "Codice fiscale di un componente del nucleo familiare (verifica)" in html
    post(request_, **{
        "form.widgets.title": "Indirizzo di residenza",
        "form.widgets.description": "",
        "form.widgets.required": ["selected"],
        "form.widgets.IANPRFieldSettings.anpr": ["residenza.indirizzo"],
        "form.buttons.save": "Salva",
    })
    view(field, request_, "edit")()
    assert 'istanze:anpr="residenza.indirizzo"' in app_type.form_model
    schema, _m = version_schema(app_type, app_type.current_form_version)
    assert marks(schema) == {"indirizzo": "residenza.indirizzo"}
    # and unmarked again
    post(request_, **{
        "form.widgets.title": "Indirizzo di residenza",
        "form.widgets.description": "",
        "form.widgets.required": ["selected"],
        "form.widgets.IANPRFieldSettings.anpr": ["--NOVALUE--"],
        "form.buttons.save": "Salva",
    })
    view(field, request_, "edit")()
    assert "istanze:anpr" not in app_type.form_model

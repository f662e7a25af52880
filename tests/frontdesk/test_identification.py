"""Identification at the desk: every missing or wrong datum is refused in Italian."""

from comune.istanze.frontdesk.identification import identify
from datetime import date
from tests.frontdesk.helpers import desk_form
from zope.i18n import translate


def messages(errors):
    return {k: translate(v, target_language="it") for k, v in errors.items()}


def test_a_complete_identification():
    ident, errors = identify(desk_form(fiscal_code=desk_form()["fiscal_code"].lower()))
    assert errors == {}
    assert ident.fiscal_code == desk_form()["fiscal_code"]  # upper case
    assert ident.document_number == "CA12345AB"  # spaces dropped
    assert ident.full_name == "Carla Neri"
    record = ident.record("op", "Operatrice Uno")
    assert record["operator_id"] == "op" and record["document_type"] == "carta_identita"
    assert "email" not in record


def test_bad_fiscal_code():
    cf = desk_form()["fiscal_code"]
    wrong = cf[:-1] + ("A" if cf[-1] != "A" else "B")  # wrong check character
    ident, errors = identify(desk_form(fiscal_code=wrong))
    assert ident is None
    assert "codice fiscale non è valido" in messages(errors)["fiscal_code"]


def test_missing_document():
    ident, errors = identify(desk_form(document_type="", document_number="", document_issuer="",
                                       document_expiry=""))
    assert ident is None
    found = messages(errors)
    assert set(found) == {"document_type", "document_number", "document_issuer", "document_expiry"}
    assert "tipo di documento" in found["document_type"]
    assert "numero del documento" in found["document_number"]


def test_expired_document_and_bad_values():
    ident, errors = identify(desk_form(document_expiry="01/01/2020", document_type="tessera",
                                       email="non-una-email", document_number="12"),
                             today=date(2026, 11, 29))
    found = messages(errors)
    assert "scaduto" in found["document_expiry"]
    assert "tipo di documento" in found["document_type"]
    assert "email non è valido" in found["email"]
    assert "da 5 a 20" in found["document_number"]


def test_names_required():
    _ident, errors = identify(desk_form(first_name=" ", last_name=""))
    assert set(errors) == {"first_name", "last_name"}

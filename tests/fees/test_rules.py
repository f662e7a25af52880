"""The fee rules: a declarative model, validated in Italian, never evaluated."""

from comune.istanze.fees.rules import amount_due
from comune.istanze.fees.rules import check_definition
from comune.istanze.fees.rules import FeeRuleError
from datetime import date
from zope.i18n import translate

import pytest


FIELDS = {"metri": "number", "zona": "choice", "giorni": "number"}


def definition(**kw):
    values = dict(when="submission", description="Occupazione suolo pubblico", amount="16",
                  rules=[{"kind": "range", "field": "metri", "minimum": "0", "maximum": "10",
                          "amount": "20"},
                         {"kind": "range", "field": "metri", "minimum": "10", "maximum": "",
                          "amount": "50,50"},
                         {"kind": "option", "field": "zona", "option": "centro",
                          "amount": "30"},
                         {"kind": "fixed", "amount": "2.5"}],
                  due_days=30, due_date=None, iban="IT60X0542811101000000123456",
                  postal_iban="", category="9/0101108TS/")
    values.update(kw)
    return values


def test_ranges_options_and_fixed_parts_add_up():
    d = definition()
    check_definition(d, FIELDS)
    assert amount_due(d, {"metri": 4, "zona": "periferia"}) == 1600 + 2000 + 250
    assert amount_due(d, {"metri": 10, "zona": "centro"}) == 1600 + 5050 + 3000 + 250
    assert amount_due(d, {"metri": 250.5, "zona": ["centro", "mare"]}) == 1600 + 5050 + 3000 + 250
    assert amount_due(d, {}) == 1600 + 250  # no answer: no row of that field


def test_no_fee_is_zero():
    assert amount_due(definition(when="none"), {"metri": 4}) == 0
    assert amount_due(None, {"metri": 4}) == 0


def test_answers_are_compared_never_evaluated():
    d = definition()
    assert amount_due(d, {"metri": "__import__('os').system('true')", "zona": "1 or 1"}) == 1850
    with pytest.raises(FeeRuleError):
        check_definition(definition(amount="__import__('os')"), FIELDS)


@pytest.mark.parametrize("change, message", [
    (dict(rules=[{"kind": "formula", "amount": "1"}]), "tipo non previsto"),
    (dict(rules=[{"kind": "range", "field": "metri", "minimum": "0", "maximum": "10",
                  "amount": "1"},
                 {"kind": "range", "field": "metri", "minimum": "5", "maximum": "", "amount": "1"}]),
     "si sovrappone"),
    (dict(rules=[{"kind": "range", "field": "metri", "minimum": "10", "maximum": "5",
                  "amount": "1"}]), "il massimo deve superare il minimo"),
    (dict(rules=[{"kind": "range", "field": "zona", "minimum": "0", "amount": "1"}]),
     "non ha un campo «zona» adatto"),
    (dict(rules=[{"kind": "option", "field": "nessuno", "option": "x", "amount": "1"}]),
     "non ha un campo «nessuno» adatto"),
    (dict(rules=[{"kind": "option", "field": "zona", "option": "", "amount": "1"}]),
     "indica l'opzione"),
    (dict(rules=[{"kind": "fixed", "amount": "-3"}]), "Importo non valido"),
    (dict(amount="1.234"), "Importo non valido"),
    (dict(description=""), "causale"),
    (dict(iban="", postal_iban=""), "un IBAN bancario oppure"),
    (dict(iban="IT00BAD"), "IBAN non valido"),
    (dict(category="qualcosa"), "tassonomia"),
    (dict(due_days=0, due_date=None), "scadenza"),
    (dict(when="sempre"), "Momento del pagamento"),
])
def test_bad_definitions_are_refused_in_italian(change, message):
    with pytest.raises(FeeRuleError) as exc:
        check_definition(definition(**change), FIELDS)
    assert message in translate(exc.value.message, target_language="it")


def test_fixed_date_and_postal_account_are_accepted():
    check_definition(definition(iban="", postal_iban="IT10X0760111101000000123456",
                                due_days=None, due_date=date(2027, 1, 31)), FIELDS)

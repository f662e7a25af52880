"""The condition language of ``istanze:show-when``: parser and evaluator."""

from comune.istanze.conditions.expression import as_json
from comune.istanze.conditions.expression import ConditionSyntaxError
from comune.istanze.conditions.expression import evaluate
from comune.istanze.conditions.expression import parse
from comune.istanze.conditions.expression import references
from datetime import date
from zope.i18n import translate

import pytest


def holds(text, **values):
    return evaluate(parse(text), values)


def test_comparison_trees():
    assert parse('tipo == "associazione"') == ("cmp", "==", ("field", "tipo"), ("value", "associazione"))
    assert parse("figli > 0") == ("cmp", ">", ("field", "figli"), ("value", 0))
    assert parse("isee <= 9000.5") == ("cmp", "<=", ("field", "isee"), ("value", 9000.5))
    assert parse("a in ['x', 'y']") == ("cmp", "in", ("field", "a"), ("value", ("x", "y")))
    assert parse("ha_figli") == ("truthy", ("field", "ha_figli"))


def test_precedence_not_and_or():
    tree = parse("a == 1 or b == 2 and not c")
    assert tree[0] == "or" and tree[2][0] == "and" and tree[2][2] == ("not", ("truthy", ("field", "c")))
    assert parse("(a == 1 or b == 2) and c")[0] == "and"


@pytest.mark.parametrize("text, values, expected", [
    ('tipo == "associazione"', {"tipo": "associazione"}, True),
    ('tipo == "associazione"', {"tipo": "privato"}, False),
    ('tipo == "associazione"', {}, False),
    ('tipo != "associazione"', {}, True),  # unanswered: != is not ==
    ("figli > 0", {"figli": 2}, True),
    ("figli > 0", {"figli": 0}, False),
    ("figli > 0", {"figli": None}, False),
    ("figli >= 2 and figli < 5", {"figli": 4}, True),
    ("isee <= 9000.5", {"isee": 9000.5}, True),
    ("not (isee > 100)", {"isee": 50.0}, True),
    ("comune in ['Firenze', 'Prato']", {"comune": "Prato"}, True),
    ("comune in ['Firenze', 'Prato']", {"comune": "Pisa"}, False),
    ('"mensa" in servizi', {"servizi": {"mensa", "trasporto"}}, True),
    ('"mensa" in servizi', {"servizi": set()}, False),
    ("servizi in ['mensa']", {"servizi": ["trasporto", "mensa"]}, True),
    ("disabile == true", {"disabile": True}, True),
    ("disabile == true", {"disabile": False}, False),
    ("disabile", {"disabile": False}, False),
    ("disabile", {"disabile": True}, True),
    ("figli", {"figli": 0}, False),
    ('nascita < "2010-01-01"', {"nascita": date(2005, 5, 1)}, True),
    ('nascita < "2010-01-01"', {"nascita": date(2012, 5, 1)}, False),
    ("a == 1 or b == 2", {"b": 2}, True),
    ('nome == "O\\"Hara"', {"nome": 'O"Hara'}, True),
    ("figli > 'x'", {"figli": 3}, False),  # a number never orders against a text
])
def test_evaluation(text, values, expected):
    assert holds(text, **values) is expected


@pytest.mark.parametrize("text, position, words", [
    ("", 1, "vuota"),
    ("figli >", 8, "incompleta"),
    ("figli > > 0", 9, "trovato"),
    ("(figli > 0", 11, "«)»"),
    ("figli = 0", 7, "carattere non ammesso"),
    ("figli > 0 figli", 11, "inatteso"),
    ("a in 'x'", 9, "elenco"),
    ("1 == 1", 7, "almeno un campo"),
    ("'x'", 4, "valore da solo"),
    ("a == (b == 1)", 14, "un campo e un valore"),
    ("a in [1, b]", 10, "trovato «b»"),
    ("import os", 8, "inatteso"),
    ("__import__('os').system('x')", 17, "carattere non ammesso"),
])
def test_syntax_errors_name_the_position(text, position, words):
    with pytest.raises(ConditionSyntaxError) as info:
        parse(text)
    assert info.value.position == position
    assert words in translate(info.value.message, target_language="it")


def test_never_evaluated_as_python():
    # Python syntax that is no part of the language is refused, not run.
    for text in ("a.b == 1", "a[0] == 1", "lambda: 1", "a == 1; b", "a ** 2 > 1"):
        with pytest.raises(ConditionSyntaxError):
            parse(text)


def test_too_long_is_refused():
    with pytest.raises(ConditionSyntaxError):
        parse("a == 1 or " * 200 + "a == 2")


def test_references_and_json():
    tree = parse('tipo == "x" and (figli > 0 or tipo == "y")')
    assert references(tree) == ["tipo", "figli"]
    assert as_json(parse("a in [1, 2]")) == ["cmp", "in", ["field", "a"], ["value", [1, 2]]]

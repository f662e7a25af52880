"""Ranking rules are data, validated on save, and give explainable scores."""

from comune.istanze.ranking.engine import explain
from comune.istanze.ranking.engine import rank
from comune.istanze.ranking.rules import compile_rules
from comune.istanze.ranking.rules import RuleError
from datetime import datetime

import pytest


FIELDS = ("isee", "figli_minori", "invalidita", "residente", "zona")
RULES = {
    "rules": [
        {"kind": "ranges", "field": "isee", "label": "Fascia ISEE",
         "ranges": [{"min": 0, "max": 5000, "points": 10},
                    {"min": 5000, "max": 10000, "points": 5},
                    {"min": 10000, "points": 1}]},
        {"kind": "per_unit", "field": "figli_minori", "points": 2, "max_points": 6,
         "label": "Figli sotto i 3 anni"},
        {"kind": "bonus", "field": "invalidita", "points": 4, "label": "Invalidità"},
        {"kind": "bonus", "field": "zona", "equals": "Centro", "points": 1, "label": "Zona"},
        {"kind": "exclude", "field": "residente", "op": "false",
         "reason": "Non residente nel Comune"},
        {"kind": "exclude", "field": "isee", "op": "gt", "value": 30000,
         "reason": "ISEE superiore a 30.000 euro"},
    ],
    "tie_breakers": [{"field": "isee", "order": "asc"}, {"field": "submitted", "order": "asc"}],
}


def row(key, **values):
    base = {"residente": True, "submitted": datetime(2026, 3, 1, 9, 0)}
    base.update(values)
    return key, base


def test_scores_are_explained():
    rules = compile_rules(RULES, FIELDS)
    key, values = row("A", isee=4000.0, figli_minori=5, invalidita=True, zona="Centro")
    ranked, excluded = rank(rules, [(key, values)])
    breakdown, total, reason = explain(rules, values)
    assert breakdown == [("Fascia ISEE", 10), ("Figli sotto i 3 anni", 6), ("Invalidità", 4), ("Zona", 1)]
    assert total == ranked[0].total == 21 and ranked[0].position == 1 and excluded == []
    assert reason is None


def test_exclusions_state_their_reason():
    rules = compile_rules(RULES, FIELDS)
    ranked, excluded = rank(rules, [row("A", isee=40000.0), row("B", isee=100.0, residente=False)])
    assert ranked == []
    assert {e.key: e.reason for e in excluded} == {
        "A": "ISEE superiore a 30.000 euro", "B": "Non residente nel Comune"}


def test_tie_breakers_then_adjustments():
    rules = compile_rules(RULES, FIELDS)
    rows = [
        row("late", isee=6000.0, submitted=datetime(2026, 3, 2)),
        row("early", isee=6000.0, submitted=datetime(2026, 3, 1)),
        row("poorer", isee=5500.0),
        row("rich", isee=20000.0),
    ]
    ranked, _ex = rank(rules, rows)
    assert [e.key for e in ranked] == ["poorer", "early", "late", "rich"]
    ranked, _ex = rank(rules, rows, adjustments={"rich": (10, "Errore materiale corretto")})
    assert ranked[0].key == "rich" and ranked[0].motivation == "Errore materiale corretto"
    assert ranked[0].total == 11


def test_missing_tie_values_go_last():
    rules = compile_rules(RULES, FIELDS)
    ranked, _ex = rank(rules, [row("none", isee=None, invalidita=True),
                               row("some", isee=20000.0, figli_minori=1, zona="Centro")])
    assert [(e.key, e.total) for e in ranked] == [("some", 4), ("none", 4)]


@pytest.mark.parametrize("bad, needle", [
    ({"rules": [{"kind": "eval", "field": "isee"}]}, "tipo non ammesso"),
    ({"rules": [{"kind": "bonus", "field": "reddito", "points": 1}]}, "non esiste"),
    ({"rules": [{"kind": "bonus", "field": "isee", "points": "__import__('os')"}]}, "numero"),
    ({"rules": [{"kind": "ranges", "field": "isee", "ranges": [{"min": 10, "max": 5, "points": 1}]}]}, "massimo"),
    ({"rules": [{"kind": "exclude", "field": "isee", "op": "gt", "value": 1}]}, "motivo"),
    ({"rules": [{"kind": "exclude", "field": "isee", "op": "regex", "value": 1, "reason": "x"}]}, "operatore"),
    ({"rules": [{"kind": "bonus", "field": "isee", "points": 1}],
      "tie_breakers": [{"field": "isee", "order": "sideways"}]}, "ordine"),
    ({"rules": []}, "almeno una regola"),
    ("not a dict", "oggetto"),
])
def test_invalid_rules_are_refused_in_italian(bad, needle):
    with pytest.raises(RuleError) as exc:
        compile_rules(bad, FIELDS)
    from zope.i18n import translate

    assert needle in translate(exc.value.message, target_language="it")

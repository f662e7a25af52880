"""A type's ranking from real applications: rules, compute, adjust, phases, public CSV."""

from comune.istanze.interfaces import IComuneIstanzeLayer
from comune.istanze.ranking import storage
from comune.istanze.ranking.rules import RuleError
from datetime import datetime
from datetime import timedelta
from plone import api
from tests.fixtures import login
from zope.interface import alsoProvides

import pytest


RULES = {
    "rules": [
        {"kind": "ranges", "field": "isee", "label": "Fascia ISEE",
         "ranges": [{"min": 0, "max": 1500, "points": 10}, {"min": 1500, "max": 2500, "points": 5}]},
        {"kind": "per_unit", "field": "componenti", "points": 1, "label": "Componenti"},
        {"kind": "exclude", "field": "isee", "op": "ge", "value": 3000, "reason": "ISEE oltre 3.000 euro"},
    ],
    "tie_breakers": [{"field": "isee", "order": "asc"}, {"field": "submitted", "order": "asc"}],
}


def _view(name, context, request):
    alsoProvides(request, IComuneIstanzeLayer)
    return api.content.get_view(name, context, request)


def test_full_ranking_flow(portal, office, http_request):
    casa = office["casa"]
    login(portal, "istruttore")
    storage.save_rules(casa, RULES)
    ranking = storage.compute(casa)
    apps = office["apps"]
    # isee 1000, 2000, 3000 (Mario) and 500 (Giulia); 3 members each
    assert [r[1] for r in ranking.rows] == [apps[3].number, apps[0].number, apps[1].number]
    assert [r[2] for r in ranking.rows] == [13, 13, 8]
    assert ranking.excluded == ((apps[2].number, "ISEE oltre 3.000 euro"),)
    with pytest.raises(RuleError):
        storage.adjust(casa, apps[1].number, 10, "  ")
    storage.adjust(casa, apps[1].number, 10, "Errore materiale nel calcolo dell'ISEE")
    assert ranking.rows[0][1] == apps[1].number and ranking.rows[0][2] == 18
    assert any("Errore materiale" in a["detail"] for a in ranking.audit)
    assert ranking.audit[-2]["who"] == "istruttore"
    # Not public before publication
    with pytest.raises(Exception):
        _view("graduatoria", casa, http_request)()
    storage.publish_provisional(casa)
    csv_text = _view("graduatoria.csv", casa, http_request)()
    lines = csv_text.strip().splitlines()
    assert lines[0] == "posizione,numero_istanza,punteggio"
    assert lines[1].startswith(f"1,{apps[1].number},18")
    assert "Rossi" not in csv_text and office["mario"].getId() not in csv_text
    html = _view("graduatoria", casa, http_request)()
    assert apps[3].number in html and "Bianchi" not in html
    with pytest.raises(RuleError):
        storage.make_final(casa)
    with pytest.raises(RuleError):
        storage.open_appeals(casa, datetime.now() - timedelta(days=1))
    storage.open_appeals(casa, datetime.now() + timedelta(days=15))
    with pytest.raises(RuleError):
        storage.make_final(casa)  # appeals still open
    ranking.appeals_until = datetime.now() - timedelta(seconds=1)
    storage.make_final(casa)
    assert ranking.phase == "final"
    with pytest.raises(RuleError):
        storage.adjust(casa, apps[0].number, 1, "tardiva")


def test_invalid_rules_are_not_stored(portal, office):
    casa = office["casa"]
    login(portal, "istruttore")
    with pytest.raises(RuleError):
        storage.save_rules(casa, {"rules": [{"kind": "bonus", "field": "reddito", "points": 1}]})
    assert storage.ranking_of(casa) is None or storage.ranking_of(casa).rules is None


def test_score_breakdown_for_the_applicant(portal, office, http_request):
    casa = office["casa"]
    login(portal, "istruttore")
    storage.save_rules(casa, RULES)
    storage.compute(casa)
    login(portal, office["giulia"].getId())
    html = _view("punteggio", office["apps"][3], http_request)()
    assert "Fascia ISEE" in html and "Componenti" in html and "13" in html


def test_editor_rows_round_trip():
    from comune.istanze.ranking.form import rows_to_rules
    from comune.istanze.ranking.form import rules_to_rows

    rows, ties = rules_to_rows(RULES)
    assert len(rows) == 4  # two brackets, per unit, exclusion
    data = rows_to_rules(rows, ties)
    assert data["rules"][0]["ranges"] == RULES["rules"][0]["ranges"]
    assert data["rules"][2]["value"] == 3000 and data["tie_breakers"] == RULES["tie_breakers"]


def test_citizen_cannot_manage_rankings(portal, office):
    login(portal, office["mario"].getId())
    assert not api.user.has_permission("comune.istanze: Work applications", obj=office["casa"])

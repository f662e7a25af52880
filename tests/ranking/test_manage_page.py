"""The ranking rules editor (issue 14, point 4): one rule per card with
visible labels, phases in words, the operations log naming people."""

from comune.istanze.interfaces import IComuneIstanzeLayer
from comune.istanze.ranking import storage
from plone import api
from tests.fixtures import chromium_page
from tests.fixtures import login
from tests.fixtures import make_staff
from tests.fixtures import make_type
from tests.fixtures import submit_as
from tests.fixtures import make_citizen
from tests.ranking.test_ranking_flow import RULES
from zope.interface import alsoProvides

import pytest
import re
import transaction


def _page(casa, request):
    alsoProvides(request, IComuneIstanzeLayer)
    return api.content.get_view("graduatoria-gestione", casa, request)()


def test_every_rule_is_a_card_with_labelled_inputs(portal, office, http_request):
    casa = office["casa"]
    login(portal, "istruttore")
    storage.save_rules(casa, RULES)
    html = _page(casa, http_request)
    cards = re.findall(r'<fieldset class="card h-100 istanze-rule-card".*?</fieldset>', html, re.S)
    # 4 rows of rules (two ISEE brackets, per unit, exclusion) + 4 blank ones
    assert len(cards) == 8
    for card in cards:
        ids = re.findall(r'<(?:input|select)[^>]*\sid="([^"]+)"', card)
        assert len(ids) == 11
        for control_id in ids:
            assert re.search(rf'<label[^>]*for="{control_id}"[^>]*>\s*\S', card), control_id
    first = cards[0]
    assert re.search(r'<legend[^>]*>Regola 1</legend>', first)
    assert 'value="1500"' in first and 'inputmode="decimal"' in first
    assert "<table" not in html.split("Criteri di spareggio")[0].split("<h2>Regole</h2>")[-1]


def test_phases_are_words_and_the_log_names_the_person(portal, office, http_request):
    casa = office["casa"]
    make_staff("responsabile_casa", casa, "Responsabile")
    login(portal, "istruttore")
    storage.save_rules(casa, RULES)
    storage.compute(casa)
    html = _page(casa, http_request)
    assert re.search(r"Fase:</span>\s*<strong>Bozza, non pubblicata</strong>", html)
    login(portal, "responsabile_casa")
    storage.publish_provisional(casa)
    html = _page(casa, http_request)
    assert re.search(r"Fase:</span>\s*<strong>Graduatoria provvisoria</strong>", html)
    log = html.split("Registro delle operazioni")[1]
    assert "Istruttore (istruttore)" in log  # make_staff: fullname = id.title()
    assert "Responsabile_Casa (responsabile_casa)" in log
    assert "None" not in log


def test_an_operation_without_a_person_says_so(portal, office, http_request):
    casa = office["casa"]
    with api.env.adopt_roles(["Manager"]):
        ranking = storage.ranking_of(casa, create=True)
    ranking.audit.append({"when": ranking.audit and ranking.audit[0]["when"] or
                          __import__("datetime").datetime(2026, 3, 1, 9, 0),
                          "who": None, "action": "compute", "detail": "vecchia voce"})
    login(portal, "istruttore")
    storage.save_rules(casa, RULES)
    storage.compute(casa)
    log = _page(casa, http_request).split("Registro delle operazioni")[1]
    assert "Procedura automatica — vecchia voce" in log and "None" not in log


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 1024])
def test_labels_and_values_are_not_cut(functional_portal, width):
    casa = make_type(functional_portal, code="CASA", title="Contributo affitto")
    submit_as(functional_portal, casa, make_citizen("Mario", "Rossi"))
    make_staff("istruttore", casa, "Istruttore")
    with api.env.adopt_user(username="istruttore"):
        storage.save_rules(casa, {**RULES, "rules": [
            {**RULES["rules"][0], "label": "Fascia dell'indicatore ISEE del nucleo familiare"},
            *RULES["rules"][1:]]})
    transaction.commit()
    base = functional_portal.absolute_url()
    with chromium_page(base, "istruttore", password="staff-Password-1",
                       viewport={"width": width, "height": 900}) as web:
        web.goto(f"{casa.absolute_url()}/@@graduatoria-gestione")
        cut = web.evaluate("""() => [...document.querySelectorAll(
              '.istanze-rule-card label, .istanze-rule-card input, .istanze-rule-card select')]
            .filter(e => (e.tagName !== 'SELECT' && e.scrollWidth > e.clientWidth + 1)
                         || (e.tagName !== 'LABEL' && e.clientWidth < 80))
            .map(e => [e.id || e.htmlFor, e.scrollWidth, e.clientWidth])""")
        assert cut == []
        assert web.evaluate("document.documentElement.scrollWidth") <= width
        label = web.locator("label[for='r_0_label']")
        assert label.is_visible() and label.inner_text() == "Etichetta"
        assert web.locator("#r_0_label").input_value() == \
            "Fascia dell'indicatore ISEE del nucleo familiare"

"""ANPR through the real publisher (zope.testbrowser): the prefilled step
says which values came from ANPR, refusals are Italian and store nothing,
the family-member field is checked, and the office sees "non verificata"
in the inbox and re-runs the check from the staff page and REST."""

from comune.istanze.backoffice import audit
from comune.istanze.fakes import fiscal_code
from plone import api
from tests.anpr.conftest import anpr_type
from tests.anpr.conftest import configure_site
from tests.fixtures import make_citizen
from tests.fixtures import make_staff
from tests.journey.conftest import browser_for
from tests.journey.helpers import click
from tests.journey.helpers import current_step
from tests.journey.helpers import start
from tests.journey.helpers import submit
from types import SimpleNamespace

import pytest
import requests
import transaction


GIULIA = fiscal_code("Giulia", "Bianchi", 1985, 3, 12, True)
STRANGER = fiscal_code("Sara", "Greco", 1999, 4, 4, True)


@pytest.fixture
def site(functional, functional_portal, pdnd, anpr):
    portal = functional_portal
    client = configure_site(pdnd, anpr)
    type_obj = anpr_type(portal)
    mario = make_citizen("Mario", "Rossi").getId()
    francesca = make_citizen("Francesca", "Esposito", year=1990, month=11, day=5,
                             female=True).getId()
    make_staff("istruttore", type_obj, "Istruttore")
    transaction.commit()
    base = f"http://{functional['host']}:{functional['port']}/"
    yield SimpleNamespace(portal=portal, type=type_obj, url=type_obj.absolute_url(), anpr=anpr,
                          mario=mario, francesca=francesca, base=base,
                          browser=lambda user=None: browser_for(functional["app"], user, base))
    client.vouchers.forget()
    client.evidences.forget()


def draft(site, url):
    transaction.begin()
    return site.type[url.rstrip("/").rsplit("/", 1)[1]]


def staff_browser(site):
    browser = site.browser()
    browser.addHeader("Authorization", "Basic istruttore:staff-Password-1")
    return browser


def test_prefilled_step_marks_anpr_values(site):
    browser = site.browser(site.mario)
    url = start(browser, site.url)
    browser.open(url + "/@@compila?step=modulo-residenza")
    assert browser.getControl(name="form.widgets.indirizzo_residenza").value == "VIA ROMA 12"
    html = browser.contents
    assert 'id="form-widgets-indirizzo_residenza-anpr"' in html and "Da ANPR" in html
    assert 'aria-describedby="form-widgets-indirizzo_residenza-anpr"' in html
    assert "Valore preso dall'Anagrafe nazionale (ANPR)" in html
    # the citizen corrects a value: it is no longer said to come from ANPR
    browser.getControl(name="form.widgets.cap_residenza").value = "00199"
    click(browser, "save")
    assert 'id="form-widgets-cap_residenza-anpr"' not in browser.contents
    assert 'id="form-widgets-indirizzo_residenza-anpr"' in browser.contents


def test_family_member_field_checked_in_stato_di_famiglia(site):
    browser = site.browser(site.mario)
    url = start(browser, site.url)
    browser.open(url + "/@@compila?step=modulo-familiare")
    browser.getControl(name="form.widgets.nome_familiare").value = "Giulia Bianchi"
    browser.getControl(name="form.widgets.ore_assistenza").value = "10"
    browser.getControl(name="form.widgets.cf_familiare").value = STRANGER
    click(browser, "next")
    assert "non fa parte del tuo stato di famiglia" in browser.contents
    assert getattr(draft(site, url), "cf_familiare", None) is None  # nothing stored
    browser.getControl(name="form.widgets.cf_familiare").value = GIULIA
    click(browser, "next")
    assert current_step(browser) == "riepilogo"
    app = draft(site, url)
    assert app.cf_familiare == GIULIA and GIULIA in app.anpr_family_ok


def test_not_resident_gets_italian_refusal_and_no_draft(site):
    browser = site.browser(site.francesca)
    browser.open(site.url + "/@@presenta-istanza")
    browser.getControl(name="form.buttons.start").click()
    assert "non risiedi in questo Comune" in browser.contents
    assert "@@compila" not in browser.url
    transaction.begin()
    assert list(site.type.objectIds()) == []


def submitted_while_anpr_down(site):
    site.anpr.mode("down")
    browser = site.browser(site.mario)
    url = start(browser, site.url)
    browser.open(url + "/@@compila?step=modulo-residenza")
    assert browser.getControl(name="form.widgets.indirizzo_residenza").value == ""  # by hand
    assert "Da ANPR" not in browser.contents
    browser.getControl(name="form.widgets.indirizzo_residenza").value = "Via Roma 12"
    browser.getControl(name="form.widgets.cap_residenza").value = "00100"
    browser.getControl(name="form.widgets.comune_residenza").value = "Esempio"
    click(browser, "next")
    browser.getControl(name="form.widgets.nome_familiare").value = "Giulia Bianchi"
    browser.getControl(name="form.widgets.ore_assistenza").value = "10"
    browser.getControl(name="form.widgets.cf_familiare").value = GIULIA
    click(browser, "next")
    assert current_step(browser) == "riepilogo", browser.url
    submit(browser)
    assert browser.url.endswith("/@@ricevuta"), browser.url
    app = draft(site, url)
    assert app.anpr_status == "non_verificata"
    site.anpr.mode("ok")
    return app


def test_office_sees_non_verificata_and_rechecks(site):
    app = submitted_while_anpr_down(site)
    staff = staff_browser(site)
    staff.open(site.url + "/@@scrivania")
    assert "Non verificata ANPR" in staff.contents
    staff.open(app.absolute_url() + "/@@istruttoria")
    assert "Non verificata con ANPR" in staff.contents
    staff.getControl("Ripeti la verifica con ANPR").click()
    assert "Verifica ANPR ripetuta: Verificata con ANPR." in staff.contents
    transaction.begin()
    assert app.anpr_status == "verificata"
    assert GIULIA in app.anpr_detail and "residente" in app.anpr_detail
    entries = [e for e in audit.entries(site.type, app.UID()) if e["action"] == "anpr"]
    assert entries and entries[-1]["who"] == "istruttore"
    brain = api.content.find(UID=app.UID(), unrestricted=True)[0]
    assert brain.anpr_status == "verificata"
    staff.open(site.url + "/@@scrivania")
    assert "Non verificata ANPR" not in staff.contents


def test_recheck_through_rest_and_anpr_still_down(site):
    app = submitted_while_anpr_down(site)
    url = app.absolute_url() + "/@istruttoria"
    session = requests.Session()
    session.auth = ("istruttore", "staff-Password-1")
    site.anpr.mode("lose_response")
    answer = session.post(url, json={"action": "anpr"}, headers={"Accept": "application/json"},
                          timeout=60)
    assert answer.status_code == 200
    assert answer.json()["anpr"]["status"] == "non_verificata"
    assert "ANPR non disponibile" in answer.json()["anpr"]["detail"]
    site.anpr.mode("ok")
    answer = session.post(url, json={"action": "anpr"}, headers={"Accept": "application/json"},
                          timeout=60)
    assert answer.json()["anpr"]["status"] == "verificata"
    got = session.get(url, headers={"Accept": "application/json"}, timeout=30).json()
    assert got["anpr"]["status"] == "verificata" and got["anpr"]["title"]
    transaction.begin()
    assert [e["action"] for e in audit.entries(site.type, app.UID())].count("anpr") == 2


def test_rest_start_refused_in_italian_and_nothing_stored(site):
    from tests.fixtures import http_session

    url = site.url + "/@istanze"
    headers = {"Accept": "application/json"}
    answer = http_session(site.francesca).post(url, json={"applicant_kind": "self"},
                                               headers=headers, timeout=60)
    assert answer.status_code == 403
    assert "non risiedi in questo Comune" in answer.text
    mario = http_session(site.mario)
    answer = mario.post(url, headers=headers, timeout=60, json={
        "applicant_kind": "self", "submit": True,
        "data": {"indirizzo_residenza": "Via Roma 12", "cap_residenza": "00100",
                 "comune_residenza": "Esempio", "nome_familiare": "Sara Greco",
                 "cf_familiare": STRANGER, "ore_assistenza": 5}})
    assert answer.status_code == 403
    assert "non fa parte del tuo stato di famiglia" in answer.text
    transaction.begin()
    assert list(site.type.objectIds()) == []

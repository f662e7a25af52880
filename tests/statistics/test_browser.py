"""Through the real HTTP server: plone.restapi and a Chromium browser."""

from tests.fixtures import chromium_page
from tests.fixtures import wcag_violations
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from tests.statistics.helpers import build_2018
from tests.statistics.helpers import make_page
from tests.statistics.helpers import PROTOCOL_2018

import csv
import io
import pytest
import requests
import transaction


@pytest.fixture
def page_url(functional, functional_portal):
    build_2018(functional_portal)
    page = make_page(functional_portal)
    page.set_protocol_totals({2018: PROTOCOL_2018})
    transaction.commit()
    return f"http://{functional['host']}:{functional['port']}/plone/{page.getId()}"


def test_restapi_statistiche(page_url):
    answer = requests.get(page_url + "/@statistiche", params={"year": "2018"},
                          headers={"Accept": "application/json"}, timeout=30)
    assert answer.status_code == 200
    body = answer.json()
    assert body["@id"] == page_url + "/@statistiche"
    (year,) = body["anni"]
    assert (year["tipologie_attive"], year["istanze_presentate"], year["spid_cie_cns"]) == (58, 3212, 3000)
    assert (year["quota_protocollo_percentuale"], year["valutazione_media"]) == (6.59, 4.18)
    assert body["licenza"]["name"] == "CC-BY-4.0"
    everything = requests.get(page_url + "/@statistiche", headers={"Accept": "application/json"},
                              auth=(SITE_OWNER_NAME, SITE_OWNER_PASSWORD), timeout=30).json()
    assert [y["anno"] for y in everything["anni"]] == [2019, 2018]


@pytest.mark.browser
def test_page_year_switch_and_csv_download(page_url, tmp_path):
    with chromium_page(accept_downloads=True) as web:
        web.goto(page_url)
        assert web.locator(".stat-istanze").inner_text() == "7"  # latest year first
        assert web.locator("#stat-anno").input_value() == "2019"
        web.select_option("#stat-anno", "2018")
        web.get_by_role("button", name="Mostra").click()
        web.wait_for_url("**year=2018")
        assert web.locator(".stat-istanze").inner_text() == "3.212"
        assert web.locator(".stat-identita").inner_text() == "3.000"
        assert web.locator(".stat-quota").inner_text() == "6,59%"
        assert web.locator(".stat-media").inner_text() == "4,18 / 5"
        assert web.locator("svg.grafico-barre").count() == 4
        assert web.get_by_role("img", name="Istanze 2018 per modalità di accesso").count() == 1
        assert wcag_violations(web) == []  # charts, tables, year selector (WCAG 2.1 AA)
        with web.expect_download() as info:
            web.get_by_role("link", name="Scarica CSV (totali per anno)").click()
        target = tmp_path / info.value.suggested_filename
        info.value.save_as(target)
    assert target.name == "statistiche-servizi-online.csv"
    (row,) = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert (row["anno"], row["istanze_presentate"], row["quota_protocollo_percentuale"]) == ("2018", "3212", "6.59")


def test_restapi_valutazione(functional, functional_portal):
    from tests.fixtures import CITIZEN_PASSWORD
    from tests.fixtures import make_citizen
    from tests.fixtures import make_type
    from tests.statistics.test_ratings import submitted_app

    type_obj = make_type(functional_portal)
    citizen, other = make_citizen(), make_citizen("Anna", "Bianchi")
    app = submitted_app(functional_portal, type_obj, citizen)
    transaction.commit()
    url = app.absolute_url().replace("http://nohost", f"http://{functional['host']}:{functional['port']}")
    headers = {"Accept": "application/json", "Content-Type": "application/json"}
    mine = (citizen.getId(), CITIZEN_PASSWORD)
    bad = requests.post(url + "/@valutazione", json={"score": 9}, headers=headers, auth=mine, timeout=30)
    assert bad.status_code == 400 and bad.json()["error"]["message"] == "Scegli un punteggio da 1 a 5."
    ok = requests.post(url + "/@valutazione", json={"score": 4, "comment": "Chiaro"}, headers=headers,
                       auth=mine, timeout=30)
    assert ok.status_code == 200, ok.text
    assert (ok.json()["score"], ok.json()["comment"], ok.json()["can_rate"]) == (4, "Chiaro", True)
    changed = requests.patch(url + "/@valutazione", json={"score": 2}, headers=headers, auth=mine, timeout=30)
    assert changed.json()["score"] == 2
    assert requests.get(url + "/@valutazione", headers=headers, auth=mine, timeout=30).json()["score"] == 2
    theirs = requests.post(url + "/@valutazione", json={"score": 5}, headers=headers,
                           auth=(other.getId(), CITIZEN_PASSWORD), timeout=30)
    assert theirs.status_code in (401, 403)
    transaction.begin()
    from comune.istanze.statistics.counters import get_store

    store = get_store(functional_portal)
    year = app.submitted.year
    assert (store.counters[(year, "CONTAFF", "ratings")](), store.counters[(year, "CONTAFF", "rating_sum")]()) == (1, 2)

"""The 2018 example: page, CSV, JSON and settings show exactly its figures."""

from comune.istanze.statistics import counters
from comune.istanze.statistics.figures import year_figures
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from tests.statistics.helpers import build_2018
from tests.statistics.helpers import make_page
from tests.statistics.helpers import PROTOCOL_2018

import csv
import io
import json
import pytest


@pytest.fixture
def page(portal):
    build_2018(portal)
    page = make_page(portal)
    page.set_protocol_totals({2018: PROTOCOL_2018})
    return page


def view(page, name, **form):
    request = page.REQUEST
    request.form.clear()
    request.form.update(form)
    return page.restrictedTraverse("@@" + name)


def test_figures_2018(page):
    f = year_figures(2018, page)
    assert f["tipologie_attive"] == 58
    assert f["istanze_presentate"] == 3212
    assert f["spid"] + f["cns"] == f["spid_cie_cns"] == 3000
    assert f["altro"] == 212
    assert f["protocolli_in_entrata"] == 48740
    assert f["quota_protocollo_percentuale"] == 6.59
    assert f["valutazioni"] == 50 and f["valutazione_media"] == 4.18
    assert sum(t["istanze_presentate"] for t in f["tipologie"]) == 3212


def test_page_shows_the_figures(page):
    html = view(page, "view", year="2018")()
    table = html[html.index("stat-riepilogo"):html.index("stat-tipologie")]
    for text in ("<td>58</td>", '"stat-istanze">3.212<', '"stat-identita">3.000<',
                 "<td>48.740</td>", "6,59%", "4,18 / 5"):
        assert text in table, text
    assert "Nel 2018 58 tipologie di istanza hanno ricevuto 3.212 istanze online" in html
    assert html.count('class="grafico-barre"') == 4 and "<desc " in html and "<details>" in html
    assert 'value="2019"' in html and "statistiche.csv?year=2018" in html
    other = view(page, "view", year="2019")()
    assert '"stat-istanze">7<' in other


def test_csv_and_json(page):
    rows = list(csv.DictReader(io.StringIO(view(page, "statistiche.csv")())))
    assert [r["anno"] for r in rows] == ["2019", "2018"]
    r = rows[1]
    assert (r["tipologie_attive"], r["istanze_presentate"], r["spid_cie_cns"]) == ("58", "3212", "3000")
    assert (r["quota_protocollo_percentuale"], r["valutazioni"], r["valutazione_media"]) == ("6.59", "50", "4.18")
    assert rows[0]["protocolli_in_entrata"] == "" and rows[0]["cie"] == "7"
    assert "attachment" in page.REQUEST.response.getHeader("Content-Disposition")
    types = list(csv.DictReader(io.StringIO(view(page, "statistiche-tipologie.csv", year="2018")())))
    assert len(types) == 58 and sum(int(t["istanze_presentate"]) for t in types) == 3212
    doc = json.loads(view(page, "statistiche.json", year="2018")())
    assert doc["licenza"]["name"] == "CC-BY-4.0"
    (y,) = doc["anni"]
    assert (y["anno"], y["tipologie_attive"], y["istanze_presentate"], y["spid_cie_cns"]) == (2018, 58, 3212, 3000)
    assert (y["quota_protocollo_percentuale"], y["valutazione_media"]) == (6.59, 4.18)
    schema = json.loads(view(page, "statistiche.schema.json")())
    names = [f["name"] for f in schema["resources"][0]["schema"]["fields"]]
    assert names == list(csv.DictReader(io.StringIO(view(page, "statistiche.csv")())).fieldnames)


def post_settings(page, years, totals):
    request = page.REQUEST
    request.method = "POST"
    request.form.clear()
    request.form.update({"anno": years, "totale": totals, "form.submitted": "1"})
    request.form["_authenticator"] = page.restrictedTraverse("@@authenticator").token()
    try:
        return page.restrictedTraverse("@@impostazioni-statistiche")()
    finally:
        request.method = "GET"


def test_settings_store_totals(portal, page):
    setRoles(portal, TEST_USER_ID, ["Manager"])
    post_settings(page, ["2018", "2019", ""], ["48.740", "50000", ""])
    assert dict(page.protocol_totals) == {2018: 48740, 2019: 50000}
    assert year_figures(2019, page)["quota_protocollo_percentuale"] == 0.01


@pytest.mark.parametrize("years,totals,message", [
    (["2018", "2019"], ["-5", "100"], "non può essere negativo"),
    (["2018"], [""], "Manca il totale dei protocolli in entrata per l'anno 2018"),
    (["2018"], ["molti"], "deve essere un numero intero"),
    (["18"], ["100"], "Anno non valido"),
    (["2018", "2018"], ["1", "2"], "compare più volte"),
])
def test_settings_bad_input_stores_nothing(portal, page, years, totals, message):
    setRoles(portal, TEST_USER_ID, ["Manager"])
    html = post_settings(page, years, totals)
    assert message in html and "Nulla è stato salvato" in html
    assert dict(page.protocol_totals) == {2018: PROTOCOL_2018}


def test_page_cost_does_not_depend_on_applications(page):
    """The page reads one range of the counters: types × metrics records."""
    store = counters.get_store()
    before = len(store.counters.items((2018,), (2019,), excludemax=True))
    store.change(2018, "S00", "submitted", 1_000_000)
    assert len(store.counters.items((2018,), (2019,), excludemax=True)) == before == (58 + 1) * len(counters.METRICS)
    assert year_figures(2018, page)["istanze_presentate"] == 1_003_212


class CountingRegister:
    """A protocol adapter that can also count its incoming registrations."""

    def register(self, request):
        raise NotImplementedError("not used by the statistics")

    def incoming_total(self, year):
        return {2019: 700}.get(year)


def test_protocol_total_from_the_adapter(page):
    from comune.istanze.integrations.protocol.interfaces import IProtocolAdapter
    from zope.component import getGlobalSiteManager

    gsm = getGlobalSiteManager()
    register = CountingRegister()
    gsm.registerUtility(register, IProtocolAdapter, name="contatore")
    api.portal.set_registry_record("comune.istanze.protocol.adapter", "contatore")
    try:
        assert year_figures(2019, page)["protocolli_in_entrata"] == 700
        assert year_figures(2019, page)["quota_protocollo_percentuale"] == 1.0  # 7 / 700
        assert year_figures(2018, page)["protocolli_in_entrata"] == PROTOCOL_2018  # officer's figure wins
    finally:
        gsm.unregisterUtility(register, IProtocolAdapter, name="contatore")
    assert year_figures(2019, page)["protocolli_in_entrata"] is None


def test_empty_site(portal):
    page = make_page(portal)
    html = view(page, "view")()
    assert "Nessuna istanza presentata in questo anno." in html
    assert view(page, "statistiche.csv")().splitlines()[0].startswith("anno,tipologie_attive,")
    assert json.loads(view(page, "statistiche.json")())["anni"] == []

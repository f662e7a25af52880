"""The demo profile's statistics page: published, several years of sample data."""

from comune.istanze.statistics.demo import create_demo_statistics
from comune.istanze.statistics.figures import available_years
from comune.istanze.statistics.figures import year_figures
from datetime import date
from plone import api


def test_demo_statistics(portal):
    page = create_demo_statistics(portal)
    assert "/".join(page.getPhysicalPath()[-4:]) == (
        "amministrazione-trasparente/servizi-erogati/servizi-in-rete/statistiche-servizi-online")
    assert api.content.get_state(page) == "published"
    this_year = date.today().year
    years = [y for y in available_years(page) if y < this_year]
    assert years == [this_year - 1, this_year - 2, this_year - 3]
    for year in years:
        f = year_figures(year, page)
        assert f["tipologie_attive"] == 5 and f["istanze_presentate"] > 0
        assert 0 < f["quota_protocollo_percentuale"] < 100 and 1 <= f["valutazione_media"] <= 5
    before = year_figures(years[0], page)
    assert create_demo_statistics(portal) == page  # idempotent
    assert year_figures(years[0], page) == before
    request = page.REQUEST
    request.form.clear()
    assert "Contributo affitto" in page.restrictedTraverse("@@view")()


DEMO_NOTICE = "Dati dimostrativi: le cifre degli anni"


def _call(page, name, **form):
    page.REQUEST.form.clear()
    page.REQUEST.form.update(form)
    return page.restrictedTraverse("@@" + name)()


def test_demo_figures_are_marked_on_the_page_and_in_the_open_data(portal):
    import csv
    import io
    import json

    page = create_demo_statistics(portal)
    this_year = date.today().year
    generated = [this_year - 3, this_year - 2, this_year - 1]
    html = _call(page, "view")
    assert DEMO_NOTICE in html and ", ".join(map(str, generated)) in html
    years = list(csv.DictReader(io.StringIO(_call(page, "statistiche.csv"))))
    assert {r["anno"]: r["dati_dimostrativi"] for r in years if int(r["anno"]) < this_year} == {
        str(y): "True" for y in generated}
    types = list(csv.DictReader(io.StringIO(_call(page, "statistiche-tipologie.csv"))))
    assert types and all(t["dati_dimostrativi"] == "True" for t in types)
    doc = json.loads(_call(page, "statistiche.json"))
    assert all(y["dati_dimostrativi"] for y in doc["anni"] if y["anno"] < this_year)
    # A rebuild from the catalog replaces the generated figures: no more demo data.
    from comune.istanze.statistics.counters import rebuild

    rebuild(portal)
    assert DEMO_NOTICE not in _call(page, "view")


def test_a_normal_page_has_no_demo_notice(portal):
    import csv
    import io
    import json

    from comune.istanze.statistics import counters
    from tests.statistics.helpers import make_page

    store = counters.get_store(portal, create=True)
    store.register_type("CONTAFF", "Contributo affitto", [2024])
    store.change(2024, "CONTAFF", "submitted", 4)
    page = make_page(portal)
    assert "Dati dimostrativi" not in _call(page, "view")
    (row,) = csv.DictReader(io.StringIO(_call(page, "statistiche.csv")))
    assert row["dati_dimostrativi"] == "False"
    assert json.loads(_call(page, "statistiche.json"))["anni"][0]["dati_dimostrativi"] is False

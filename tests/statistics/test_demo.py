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

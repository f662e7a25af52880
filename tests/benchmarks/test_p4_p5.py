"""The P4 and P5 benchmark harnesses work (small counts, no timing assertions)."""

from benchmarks import p4_statistics
from comune.istanze.statistics import counters


def _counters(portal):
    store = counters.get_store(portal)
    return {key: length() for key, length in store.counters.items() if length()}


def test_p4_bulk_gives_the_counters_of_the_subscribers(portal):
    """``drive_in_bulk`` (whole periods as ``delta * n``) leaves the counters
    exactly as driving every submission through the subscribers does."""
    count = 3 * p4_statistics.PERIOD + 17
    p4_statistics.drive(count, offset=100)
    one_by_one = _counters(portal)
    delattr(portal, counters.STORE_ATTR)
    p4_statistics.drive_in_bulk(count, offset=100)
    assert _counters(portal) == one_by_one
    assert sum(v for (y, code, m), v in one_by_one.items() if m == "submitted" and code == "") == count
    assert sum(v for (y, code, m), v in one_by_one.items() if m == "ratings" and code == "") == (count + 4) // 5


def test_p4_page_shows_the_bulk_counters(portal, http_request):
    """What ``run`` times: the statistics page over the bulk-driven counters."""
    from comune.istanze.statistics.figures import year_figures

    page, _doc = p4_statistics.build(portal)
    p4_statistics.drive(100)
    p4_statistics.drive_in_bulk(50000 - 100, offset=100)
    assert sum(year_figures(y, page)["istanze_presentate"] for y in p4_statistics.YEARS) == 50000
    http_request.form["year"] = "2026"
    html = page.restrictedTraverse("@@view")()
    assert "Servizio online numero 59" in html

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


def test_p5_measures_an_empty_and_a_filled_site(tmp_path):
    """P5 with tiny counts: two real Zope processes (empty site, then with 24
    applications created through the product code), the same pages answered
    by both, RSS and the ZODB caches measured, the applications really in
    the database (objects in the type's container and in the catalog)."""
    from benchmarks import p5_memory

    res = p5_memory.main(["--count", "24", "--batch", "10", "--citizens", "4", "--rounds", "1",
                          "--dir", str(tmp_path / "p5")])
    assert res["count"] == 24
    assert res["held"]["objects"] == res["held"]["catalogued"] == 24
    assert res["held"]["states"] == {"submitted": 24}
    assert res["held"]["batches"] == 3  # 10 + 10 + 4, each its own transaction
    for site in ("empty", "big"):
        measured = res[site]
        assert set(measured["statuses"].values()) == {200}, measured["statuses"]
        assert len(measured["statuses"]) == len(p5_memory.INBOX) + 3
        assert measured["rss_kb"] > 0 and measured["peak_kb"] >= measured["rss_kb"]
        assert measured["cache"]["connections"] and measured["cache"]["non_ghost"] > 0
        assert {c["cache_size"] for c in measured["cache"]["connections"]} == {50000}
    assert res["allowance_kb"] > 0 and res["limit_kb"] > res["empty"]["rss_kb"]
    assert res["target_met"] == (res["big"]["rss_kb"] <= res["limit_kb"])
    assert len(res["loadavg"]) == 4 and res["populate_s"] >= 0
    assert not (tmp_path / "p5").exists()  # removed without --keep

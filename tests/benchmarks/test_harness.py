"""The P1 benchmark harness works: tiny counts, real instance, no timing assertions."""

from benchmarks import load
from benchmarks import report
from benchmarks import run

import magic


def _phase(name, oks, failures=0):
    phase = load.PhaseResult(name, seconds=2.0)
    phase.outcomes = [load.Outcome(True, 201, 0.1 * (i + 1), number=f"N{i}") for i in range(oks)]
    phase.outcomes += [load.Outcome(False, 500, 0.5, detail="conflitto")] * failures
    return phase


def test_percentile_is_nearest_rank():
    values = [0.1 * i for i in range(1, 21)]
    assert report.percentile(values, 50) == values[9]
    assert report.percentile(values, 95) == values[18]
    assert report.percentile([], 95) == 0.0


def test_rounds_split_the_count():
    assert run.rounds(400, 4) == [100, 100, 100, 100]
    assert run.rounds(10, 4) == [3, 3, 2, 2]
    assert run.rounds(2, 4) == [1, 1]


def test_summary_counts_errors_conflicts_and_lost():
    aborts = [
        {"exception": "ConflictError", "oid": "0x01", "class": "BTrees.LOBTree.LOBTree", "retry": True},
        {"exception": "ConflictError", "oid": "0x02", "class": "BTrees.LOBTree.LOBucket", "retry": False},
        {"exception": "NotFound", "retry": False},
    ]
    row = report.summarize(_phase("easyform", 4, failures=1), aborts, stored=3,
                           where={"0x01": "modulo ._inputStorage", "0x02": "modulo ._inputStorage"})
    assert row["per_second"] == 2.0
    assert row["errors"] == 1 and row["error_statuses"] == {500: 1}
    assert (row["conflict_retries"], row["conflict_failures"]) == (1, 1)
    assert (row["acknowledged"], row["stored"], row["lost"]) == (4, 3, 1)
    assert row["hot_spots"] == [
        ["modulo ._inputStorage", 2, ["LOBTree", "LOBucket"], ["0x01", "0x02"]]
    ]
    assert "| easyform | 2.0 |" in report.table([row])


def test_numbers_check_finds_duplicates_and_unsaved():
    problems = report.check_numbers(_phase("istanze", 3), ["N0", "N1", "N1"])
    assert problems == ["numeri duplicati: ['N1']", "numeri confermati ma non salvati: ['N2']"]


def test_attachment_is_a_pdf_by_content():
    assert magic.from_buffer(load.PDF, mime=True) == "application/pdf"


def test_harness_end_to_end(tmp_path):
    """A real instance, 2 clients, 6 submissions per target through @istanze and
    EasyForm, after 3 earlier submissions to each (not counted as the load's)."""
    res = run.main(["--count", "6", "--clients", "2", "--rounds", "2", "--warmup", "1",
                    "--existing", "3", "--dir", str(tmp_path / "bench")])
    istanze, easyform = res["rows"]
    assert res["settings"]["route"] == "@istanze"
    assert res["settings"]["citizens"] == 7  # one per submission, warm-up included
    assert res["settings"]["existing"] == 3
    assert res["earlier"] == {"istanze": 3, "easyform": 3}
    for row in (istanze, easyform):
        assert row["submissions"] == 6
        assert row["acknowledged"] + row["errors"] == 7
        # two clients may still meet a conflict Zope cannot retry away: the
        # only error allowed is that one, and it must be counted as such
        assert row["errors"] == row["conflict_failures"], row["error_samples"]
        assert row["acknowledged"] == row["stored"] >= 1
        assert row["lost"] == 0
    assert res["states"] == {"submitted": istanze["acknowledged"]}
    assert res["problems"] == []
    assert not (tmp_path / "bench" / "instance").exists()  # removed without --keep


def test_harness_end_to_end_with_a_fee(tmp_path):
    """P1 with a fee («Paga e invia»): an acknowledged submission is a draft
    waiting for its payment, counted from the catalog's payments summary."""
    res = run.main(["--fee", "--count", "4", "--clients", "2", "--rounds", "2", "--warmup", "1",
                    "--existing", "2", "--dir", str(tmp_path / "bench")])
    istanze, _easyform = res["rows"]
    assert res["settings"]["fee"] is True
    assert istanze["acknowledged"] == istanze["stored"] >= 1 and istanze["lost"] == 0
    assert res["states"].get("draft", 0) >= istanze["acknowledged"]
    assert res["problems"] == []


def test_p1_browser_walks_every_page(tmp_path):
    """P1-browser: each journey walks the product's pages (type page whose
    «Presenta istanza» starts the draft, the first step to fill (SPID filled
    the applicant step), each step's POST answered by the next step's page,
    upload, review, submit, receipt) and ends on a receipt with its number;
    the EasyForm is its page GET and POST."""
    from benchmarks import p1_browser

    res = p1_browser.main(["--count", "3", "--clients", "2", "--rounds", "1", "--warmup", "1",
                           "--existing", "1", "--dir", str(tmp_path / "bench")])
    istanze, easyform = res["rows"]
    assert istanze["errors"] == 0, istanze["error_samples"]
    assert istanze["acknowledged"] == istanze["stored"] == 4 and istanze["lost"] == 0
    assert res["states"] == {"submitted": 4}
    assert res["problems"] == []
    kinds = istanze["request_kinds"]
    assert kinds["pagina del servizio"]["count"] == 4 and kinds["invio"]["count"] == 4
    assert "presenta istanza" not in kinds  # nothing to choose: started from the type page
    assert kinds["inizia"]["count"] == kinds["inizia (redirect)"]["count"] == 4
    assert kinds["passaggio"]["count"] == kinds["allegati"]["count"] == 4
    assert "passaggio (redirect)" not in kinds and "allegati (redirect)" not in kinds
    assert kinds["invio (redirect)"]["count"] == 4  # the receipt, after the submission
    assert istanze["requests_per_journey"] == 7.0
    assert easyform["requests_per_journey"] == 2.0 and easyform["stored"] == 4
    assert istanze["cpu_ms_per_ok"] > 0 and easyform["cpu_ms_per_ok"] > 0


def test_harness_on_the_cluster(tmp_path):
    """``--cluster 2``: PostgreSQL, two Zope processes on RelStorage and
    HAProxy, started and removed by the harness; istanze through HAProxy,
    EasyForm on the first process; nothing left running afterwards."""
    res = run.main(["--cluster", "2", "--count", "4", "--clients", "2", "--rounds", "1",
                    "--warmup", "1", "--existing", "2", "--dir", str(tmp_path / "bench")])
    istanze, easyform = res["rows"]
    assert res["settings"]["cluster"] == 2 and res["target"] == run.CLUSTER_TARGET == 1.6
    for row in (istanze, easyform):
        assert row["errors"] == row["conflict_failures"], row["error_samples"]
        assert row["acknowledged"] == row["stored"] >= 1 and row["lost"] == 0
    assert res["earlier"] == {"istanze": 2, "easyform": 2}
    assert res["problems"] == []
    # PostgreSQL's side, per submission: at least the request's commit
    pg = istanze["postgresql_per_ok"]
    assert pg["commits"] >= 1 and pg["statements"] > pg["commits"] and pg["cpu_ms"] > 0
    assert easyform["postgresql_per_ok"]["commits"] >= 1
    assert not (tmp_path / "bench" / "instance").exists()  # PostgreSQL stopped, files removed

"""The P2 and P3 benchmark harnesses work (small counts, no timing assertions)."""

from benchmarks import p2_inbox
from benchmarks import p3_ranking
from comune.istanze.backoffice import inbox
from plone import api
from tests.fixtures import login


def test_p3_ranks_every_row():
    result = p3_ranking.run(count=2000, repeat=1)
    assert result["count"] == 2000 and result["ratio"] > 0


def test_p2_records_are_found_like_real_applications(portal):
    with api.env.adopt_roles(["Manager"]):
        api.user.create(username="istruttore", email="i@comune.example", password="x-Pass-1234")
    p2_inbox.populate(portal, p2_inbox.REAL + 200, staff="istruttore")
    login(portal, "istruttore")
    brains = inbox.search({"type": "BANDO"})
    # half of the applications are of the BANDO type the user works
    assert len(brains) == (p2_inbox.REAL + 200) // 2
    numbers = {b.application_number for b in brains}
    assert "2026-BANDO-000001" in numbers and f"2026-BANDO-{(p2_inbox.REAL + 200) // 2:06d}" in numbers
    real = [b for b in brains if b.getPath().endswith("a0000000")][0]
    record = [b for b in brains if b.getPath().endswith(f"a{p2_inbox.REAL:07d}")][0]
    assert set(inbox.row(real)) == set(inbox.row(record))
    login(portal, "istruttore")
    assert len(inbox.search({"type": "BANDO", "text": record.applicant_name.split()[-1]})) >= 1

"""The fast paths of the ranking (issue 15, P3 at 200,000 rows) give the
same results as the plain definitions they replace."""

from comune.istanze.ranking.engine import rank
from comune.istanze.ranking.rules import compile_rules
from datetime import datetime
from datetime import timedelta

import random


def first_match(ranges, value):
    """The documented meaning of ``ranges``: the first range with min <= value < max."""
    if value is None:
        return 0
    for item in ranges:
        lo, hi = item.get("min"), item.get("max")
        if (lo is None or value >= lo) and (hi is None or value < hi):
            return item["points"]
    return 0


def test_ranges_by_bisect_equal_the_first_matching_range():
    ranges = [  # overlapping, with gaps, open at both ends, a float bound
        {"min": 10, "max": 20, "points": 7},
        {"min": 0, "max": 15, "points": 3},
        {"max": 0, "points": 9},
        {"min": 30, "max": 40.5, "points": 2},
        {"min": 35, "points": 1},
    ]
    rules = compile_rules({"rules": [{"kind": "ranges", "field": "x", "ranges": ranges}]}, ("x",))
    score = rules.scorers[0][2]
    rng = random.Random(5)
    values = [None, -1, 0, 9.999, 10, 14.5, 15, 19.99, 20, 25, 30, 35, 40.5, 41, 10**9]
    values += [rng.uniform(-10, 50) for _ in range(2000)] + [rng.randint(-10, 50) for _ in range(200)]
    assert [score(v) for v in values] == [first_match(ranges, v) for v in values]
    assert score(15) == 7 and score(25) == 0 and score(12) == 7 and score(-5) == 9 and score(36) == 2


def test_rank_orders_like_a_plain_sort_of_the_documented_key():
    """Totals descending, then the tie-breakers (missing values last), then the key."""
    rules = compile_rules({
        "rules": [{"kind": "ranges", "field": "isee", "ranges": [
            {"min": 0, "max": 5000, "points": 10}, {"min": 5000, "points": 4}]},
            {"kind": "per_unit", "field": "figli", "points": 2, "max_points": 6},
            {"kind": "exclude", "field": "isee", "op": "gt", "value": 30000, "reason": "ISEE alto"}],
        "tie_breakers": [{"field": "isee", "order": "asc"}, {"field": "submitted", "order": "desc"}],
    }, ("isee", "figli"))
    rng = random.Random(9)
    start = datetime(2026, 1, 1)
    rows = [(f"K{i:04d}", {"isee": rng.choice([None, 1000.0, 6000.0, 40000.0, rng.uniform(0, 9000)]),
                           "figli": rng.randint(0, 4), "submitted": start + timedelta(hours=rng.randint(0, 5))})
            for i in range(600)]
    ranked, excluded = rank(rules, rows, adjustments={"K0003": (5, "Rettifica")})
    kept = [(k, v) for k, v in rows if not (v["isee"] is not None and v["isee"] > 30000)]
    assert [e.key for e in excluded] == [k for k, v in rows if (k, v) not in kept]

    def total(k, v):
        isee = v["isee"]
        points = 0 if isee is None else (10 if isee < 5000 else 4)
        return points + min(v["figli"] * 2, 6) + (5 if k == "K0003" else 0)

    expected = sorted(kept, key=lambda kv: (
        -total(*kv), kv[1]["isee"] is None, kv[1]["isee"] or 0, -kv[1]["submitted"].timestamp(), kv[0]))
    assert [r.key for r in ranked] == [k for k, _v in expected]
    assert [r.position for r in ranked[:3]] == [1, 2, 3]
    assert [r.total for r in ranked] == [total(k, v) for k, v in expected]

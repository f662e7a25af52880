"""P3: ranking 200,000 applications against a plain in-memory sort.

Both sides get the same 200,000 synthetic rows in the same run: the baseline
sorts ready-made ``(score, isee, submitted, key)`` tuples; comune.istanze
validates and compiles the rules, evaluates exclusions, ranges, per-unit
points and bonuses for every row, applies tie-breakers and sorts. Prints the
ratio (target: at most 2x).
"""

from comune.istanze.ranking.engine import rank
from comune.istanze.ranking.rules import compile_rules
from datetime import datetime
from datetime import timedelta

import pathlib
import random
import sys


sys.path[:0] = [str(pathlib.Path(__file__).resolve().parent.parent)]


# The rules of the ranking tests: ranges, per unit, bonuses, exclusions, ties.
from benchmarks.common import best_of_interleaved  # noqa: E402
from benchmarks.common import command_line  # noqa: E402
from tests.ranking.test_engine import FIELDS  # noqa: E402
from tests.ranking.test_engine import RULES  # noqa: E402


def synthetic_rows(count, seed=1):
    rng = random.Random(seed)
    start = datetime(2026, 1, 1)
    return [
        (f"2026-BANDO-{i:06d}", {
            "isee": round(rng.uniform(0, 35000), 2),
            "figli_minori": rng.randint(0, 3),
            "invalidita": rng.random() < 0.1,
            "zona": rng.choice(("Centro", "Periferia")),
            "residente": rng.random() < 0.97,
            "submitted": start + timedelta(seconds=i),
        })
        for i in range(count)
    ]


def run(count=200000, repeat=5):
    rows = synthetic_rows(count)
    rng = random.Random(2)
    tuples = [(rng.randint(0, 21), v["isee"], v["submitted"], k) for k, v in rows]
    ours, baseline = best_of_interleaved(
        (lambda: rank(compile_rules(RULES, FIELDS), rows),
         lambda: sorted(tuples, key=lambda t: (-t[0], t[1], t[2], t[3]))), repeat)
    ranked, excluded = rank(compile_rules(RULES, FIELDS), rows)
    assert len(ranked) + len(excluded) == count
    return {"name": "P3 graduatoria", "count": count, "baseline_ms": baseline * 1000,
            "ours_ms": ours * 1000, "ratio": ours / baseline, "target": 2.0}


def main(argv=None):
    return command_line(__doc__, run, 200000, 5, lambda r: (
        f"{r['name']}: {r['count']} istanze; ordinamento semplice {r['baseline_ms']:.1f} ms; "
        f"graduatoria {r['ours_ms']:.1f} ms; rapporto {r['ratio']:.2f}x (obiettivo <= {r['target']}x)"), argv)


if __name__ == "__main__":
    main()

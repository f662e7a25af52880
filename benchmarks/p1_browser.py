"""P1-browser, the deadline rush in the browser: ``make bench`` (benchmarks/README.md).

The same temporary instance and site as P1 (``run.py``), but each citizen
walks the product's HTML pages (:class:`benchmarks.journey.JourneyTarget`:
type page, whose «Presenta istanza» starts the draft, the first step to
fill, every step's POST answered by the next step's page, the upload, the
review, the submit, the receipt) against an EasyForm with the same answers
and file (page GET and POST), alternating in rounds. Prints completed
applications/s for both and their ratio, CPU ms of the Zope process per
completed application, requests per journey, p95 of each request kind,
errors and acknowledged = stored. Target: ratio >= 0.5, 0 errors.
"""

from pathlib import Path

import json
import sys


sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import journey  # noqa: E402
from benchmarks import report  # noqa: E402
from benchmarks import run  # noqa: E402


TARGET_RATIO = 0.5


def targets(base, info, args):
    return (journey.JourneyTarget(base, info), journey.EasyFormPageTarget(base, info))


def request_kinds(row):
    """{kind: {"count", "p95_ms"}} and the requests per completed journey."""
    timings = row.pop("requests", None) or {}
    kinds = {kind: {"count": len(values), "p95_ms": round(report.percentile(values, 95) * 1000)}
             for kind, values in sorted(timings.items())}
    done = row["acknowledged"] or 1
    row["requests_per_journey"] = round(sum(k["count"] for k in kinds.values()) / done, 1)
    row["request_kinds"] = kinds


def main(argv=None):
    args = run.parse_args(argv)
    res = run.run(args, targets)
    for row in res["rows"]:
        request_kinds(row)
    istanze, easyform = res["rows"]
    # as P1's: the product's errors, losses and problems; the EasyForm's errors
    # are the baseline's, reported beside it
    res["target_met"] = report.verdict(istanze, easyform, res["problems"], TARGET_RATIO)
    show(res)
    if args.json:
        Path(args.json).write_text(json.dumps(res, indent=2))
    return res


def show(res):
    print()
    print(report.table(res["rows"]))
    print(f"\nratio pagine istanze/easyform: {res['ratio']} (obiettivo >= {TARGET_RATIO}); "
          f"{res['cpus']} CPU, load average {res['loadavg']}")
    for row in res["rows"]:
        print(f"{row['target']}: {row['cpu_ms_per_ok']} ms CPU per istanza completata, "
              f"{row['requests_per_journey']} richieste per percorso, "
              f"acknowledged {row['acknowledged']} = stored {row['stored']}")
        for kind, k in row["request_kinds"].items():
            print(f"    {kind}: {k['count']} richieste, p95 {k['p95_ms']} ms")
        if row["error_statuses"]:
            print(f"  errori per stato HTTP {row['error_statuses']}: {row['error_samples'][:2]}")
    for problem in res["problems"]:
        print("PROBLEMA:", problem)
    print("obiettivo P1-browser:", "raggiunto" if res["target_met"] else "NON raggiunto")


if __name__ == "__main__":
    main()

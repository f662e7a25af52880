"""Figures of a benchmark run: throughput, latency, errors, conflicts, lost submissions."""

from collections import Counter

import json
import re


RESOLUTION = re.compile(r"Conflict resolution on <class '([^']+)'> failed with (\w+): (.*)$")


def percentile(values, pct):
    """Nearest-rank percentile of ``values`` (0 for no values)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * pct // 100))  # ceil without floats
    return ordered[int(rank) - 1]


def read_conflict_log(path):
    """The records the instance's IPubBeforeAbort subscriber wrote."""
    try:
        with open(path, encoding="utf-8") as f:
            return [json.loads(line) for line in f if line.strip()]
    except FileNotFoundError:
        return []


def read_resolution_log(path):
    """(class, reason) of each conflict ZODB could not resolve (ZODB.ConflictResolution log)."""
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.readlines()
    except FileNotFoundError:
        return []
    found = []
    for line in lines:
        match = RESOLUTION.search(line.strip())
        if match:
            klass, error, text = match.groups()
            reason = text.rsplit(": ", 1)[-1] if error == "BTreesConflictError" else error
            found.append((klass.rsplit(".", 1)[-1], reason))
    return found


def is_conflict(record):
    return "Conflict" in record.get("exception", "")


def summarize(phase, aborts, stored, where=None, reasons=()):
    """One row of the table for ``phase`` (a load.PhaseResult).

    ``aborts`` are the conflict-log records written during the phase,
    ``stored`` what the database holds afterwards for this target, ``where``
    the location of conflict oids in the database (locate.py), ``reasons``
    why ZODB could not resolve them (read_resolution_log).
    """
    timed = phase.outcomes
    ok = [o for o in timed if o.ok]
    acknowledged = sum(o.ok for o in phase.warmup) + len(ok)
    conflicts = [r for r in aborts if is_conflict(r)]
    latencies = [o.seconds for o in ok]
    return {
        "target": phase.name,
        "submissions": len(timed),
        "seconds": round(phase.seconds, 2),
        "per_second": round(len(ok) / phase.seconds, 2) if phase.seconds else 0.0,
        "p50_ms": round(percentile(latencies, 50) * 1000),
        "p95_ms": round(percentile(latencies, 95) * 1000),
        "errors": len(timed) - len(ok) + sum(not o.ok for o in phase.warmup),
        "error_statuses": dict(Counter(o.status for o in timed + phase.warmup if not o.ok)),
        "conflict_retries": sum(1 for r in conflicts if r.get("retry")),
        "conflict_failures": sum(1 for r in conflicts if not r.get("retry")),
        "acknowledged": acknowledged,
        "stored": stored,
        "lost": max(0, acknowledged - stored),
        "hot_spots": hot_spots(conflicts, where or {}),
        "unresolved": [[k, r, n] for (k, r), n in Counter(reasons).most_common()],
        "error_samples": sorted({o.detail for o in timed + phase.warmup if not o.ok})[:3],
    }


def hot_spots(conflicts, where):
    """Where the conflicts were, most first: [[place, count, classes, oids]].

    ``where`` maps an oid to its place in the database (locate.py); the
    conflicts on the nodes of one BTree are added up under its place.
    """
    counts, classes, oids = Counter(), {}, {}
    for record in conflicts:
        oid, klass = record.get("oid") or "?", record.get("class") or "?"
        place = where.get(oid) or f"{klass} {oid}"
        counts[place] += 1
        classes.setdefault(place, set()).add(klass.rsplit(".", 1)[-1])
        oids.setdefault(place, set()).add(oid)
    return [[place, n, sorted(classes[place]), sorted(oids[place])]
            for place, n in counts.most_common()]


def check_numbers(phase, numbers):
    """Problems with the application numbers: duplicates, acknowledged but not stored."""
    problems = []
    duplicates = [n for n, c in Counter(numbers).items() if c > 1]
    if duplicates:
        problems.append(f"numeri duplicati: {duplicates[:5]}")
    missing = {o.number for o in phase.outcomes + phase.warmup if o.ok} - set(numbers)
    if missing:
        problems.append(f"numeri confermati ma non salvati: {sorted(missing)[:5]}")
    return problems


COLUMNS = (
    ("target", "target"), ("submissions/s", "per_second"), ("p50 ms", "p50_ms"),
    ("p95 ms", "p95_ms"), ("errors", "errors"), ("conflict retries", "conflict_retries"),
    ("conflicts → 500", "conflict_failures"), ("acknowledged", "acknowledged"),
    ("stored", "stored"), ("lost", "lost"),
)


def table(rows):
    """A Markdown table of the rows."""
    lines = ["| " + " | ".join(title for title, _ in COLUMNS) + " |",
             "|" + "---|" * len(COLUMNS)]
    for row in rows:
        lines.append("| " + " | ".join(str(row[key]) for _, key in COLUMNS) + " |")
    return "\n".join(lines)


def ratio(istanze, easyform):
    return round(istanze["per_second"] / easyform["per_second"], 2) if easyform["per_second"] else 0.0


TARGET = 0.8


def verdict(istanze, easyform, problems, target=TARGET):
    """Whether the P1 target is met: ratio >= ``target``, no errors, nothing lost."""
    return (
        ratio(istanze, easyform) >= target
        and istanze["errors"] == 0
        and istanze["lost"] == 0
        and istanze["stored"] == istanze["acknowledged"]
        and not problems
    )

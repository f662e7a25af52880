"""P5: memory of one Zope process, empty site against 100,000 applications.

A real Zope process (the benchmark instance of ``instance.py``: FileStorage,
waitress, the ``cache-size`` of the shipped ``zope.conf``) serves the same
warm request set twice: on the empty site (the site of ``site_setup.py``,
a staff member, a statistics page) and, after ``--count`` applications
were created through the product code (``p5_data.py populate``, batches
of ``--batch`` with a commit and a cache GC each; timed), on the big one,
plus inbox pages over the big set. Each measurement is a fresh process
(FileStorage has one writer, so populating needs the server stopped): RSS
(``VmRSS``) after the requests. Target: RSS(big) <= 1.3 x RSS(empty) + the
ZODB cache allowance (connections x cache-size x the mean estimated object
size in the caches after the big run; see benchmarks/README.md, P5).

Usage: python -m benchmarks.p5_memory [--count 100000] [--batch 1000] [--dir D --keep]
       python -m benchmarks.p5_memory --dir D --reuse     # measure again, same data
"""

from pathlib import Path

import argparse
import json
import os
import requests
import shutil
import sys
import tempfile
import time


sys.path[:0] = [str(Path(__file__).resolve().parent.parent)]

from benchmarks.instance import Instance  # noqa: E402
from benchmarks.run import free_port  # noqa: E402

HERE = Path(__file__).resolve().parent
TARGET = 1.3
# The inbox as the staff member walks it over the big set: first pages,
# filters, sorts, deep pages (50 rows a page).
INBOX = ["", "?state=submitted", "?sort=number&order=asc", "?text=Rossi",
         *[f"?b_start={50 * n}" for n in (1, 2, 5, 10, 50, 200, 1000)]]


def rss_kb(pid):
    """(VmRSS, VmHWM) of process ``pid`` in kB (Linux /proc)."""
    fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines())
    return int(fields["VmRSS"].split()[0]), int(fields["VmHWM"].split()[0])


def pages(info, setup):
    """(label, path, auth) of the warm request set."""
    staff = (info["staff"], info["staff_password"])
    citizen = {"Cookie": setup["citizens"][0]["cookie"]}
    site = setup["site"]
    return ([("pagina del servizio", f"/{site}/{setup['type']}", None),
             ("statistiche", f"/{site}/{info['statistics']}", None),
             ("area personale", f"/{site}/area-personale", citizen)]
            + [(f"scrivania {q or '(prima pagina)'}", f"/{site}/@@scrivania{q}", staff) for q in INBOX])


def exercise(instance, info, setup, rounds):
    """Every page ``rounds`` times; returns {label: HTTP status}."""
    statuses = {}
    with requests.Session() as session:
        for _ in range(rounds):
            for label, path, auth in pages(info, setup):
                kw = {"headers": auth} if isinstance(auth, dict) else {"auth": auth}
                response = session.get(instance.url + path, timeout=600, allow_redirects=False, **kw)
                statuses[label] = response.status_code
                session.cookies.clear()
    return statuses


def measure(instance, info, setup, rounds):
    instance.start(timeout=600)
    try:
        t0 = time.perf_counter()
        statuses = exercise(instance, info, setup, rounds)
        seconds = time.perf_counter() - t0
        rss, peak = rss_kb(instance.process.pid)
        cache = requests.get(instance.url + "/@@bench-cache", timeout=60).json()
    finally:
        instance.stop()
    return {"rss_kb": rss, "peak_kb": peak, "requests_s": round(seconds, 1),
            "statuses": statuses, "cache": cache}


def prepare(workdir, citizens):
    """The empty site in ``workdir/empty`` and a copy to fill in ``workdir/big``."""
    empty = Instance(workdir / "empty", free_port()).create()
    empty.run_script(HERE / "site_setup.py", citizens, 0, workdir / "setup.json")
    empty.run_script(HERE / "p5_data.py", "prepare", workdir / "setup.json", workdir / "info.json")
    big = Instance(workdir / "big", free_port()).create()
    for sub in ("filestorage", "blobstorage"):
        shutil.rmtree(big.home / "var" / sub)
        shutil.copytree(empty.home / "var" / sub, big.home / "var" / sub)
    return empty, big


def allowance(big_cache):
    """connections x cache-size x mean estimated size of a cached object (bytes)."""
    conns = [c for c in big_cache["connections"] if c["non_ghost"]]
    if any(c["cache_size_bytes"] for c in conns):
        return sum(c["cache_size_bytes"] for c in conns), "cache-size-bytes"
    mean = big_cache["estimated_bytes"] / max(1, big_cache["non_ghost"])
    return sum(c["cache_size"] for c in conns) * mean, f"{len(conns)} x cache-size x {mean:.0f} B"


def run(count=100000, batch=1000, citizens=200, rounds=3, workdir=None, keep=False, reuse=False):
    """Build (or, with ``reuse``, take the instances already in ``workdir``:
    the empty site and the one filled, even if its population was stopped
    half way) and measure both; returns the figures."""
    workdir = Path(workdir or tempfile.mkdtemp(prefix="comune-istanze-p5-"))
    populated, held = workdir / "populated.json", workdir / "held.json"
    reuse = reuse and (workdir / "big" / "etc" / "zope.conf").exists()
    try:
        if reuse:
            # the same data; the configuration written again (a new free port)
            empty, big = (Instance(workdir / name, free_port()).create() for name in ("empty", "big"))
        else:
            empty, big = prepare(workdir, citizens)
        setup = json.loads((workdir / "setup.json").read_text())
        info = json.loads((workdir / "info.json").read_text())
        load_before = os.getloadavg()
        before = measure(empty, info, setup, rounds)
        if not reuse:
            big.run_script(HERE / "p5_data.py", "populate", workdir / "setup.json", count, batch, populated)
        big.run_script(HERE / "p5_data.py", "held", workdir / "setup.json", held)
        data = json.loads(held.read_text())
        timed = json.loads(populated.read_text())["populate_s"] if populated.exists() else None
        after = measure(big, info, setup, rounds)
        loadavg = [round(x, 1) for x in load_before + os.getloadavg()[:1]]
    finally:
        if not keep:
            shutil.rmtree(workdir, ignore_errors=True)
    extra, how = allowance(after["cache"])
    limit_kb = TARGET * before["rss_kb"] + extra / 1024
    return {"name": "P5 memoria", "count": data["objects"],
            "populate_s": round(timed if timed is not None else data["first_to_last_batch_s"] or 0),
            "held": data, "empty": before, "big": after, "allowance_kb": round(extra / 1024),
            "allowance": how, "limit_kb": round(limit_kb), "ratio": after["rss_kb"] / before["rss_kb"],
            "target_met": after["rss_kb"] <= limit_kb, "loadavg": loadavg, "dir": str(workdir)}


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--count", type=int, default=100000, help="istanze da creare")
    p.add_argument("--batch", type=int, default=1000, help="istanze per transazione")
    p.add_argument("--citizens", type=int, default=200, help="cittadini che presentano")
    p.add_argument("--rounds", type=int, default=3, help="giri delle pagine prima della misura")
    p.add_argument("--dir", help="cartella di lavoro (default: in /tmp, cancellata alla fine)")
    p.add_argument("--keep", action="store_true", help="non cancellare le istanze alla fine")
    p.add_argument("--reuse", action="store_true", help="misura di nuovo i dati già creati in --dir")
    p.add_argument("--json", help="scrivi anche i risultati in questo file JSON")
    args = p.parse_args(argv)
    res = run(args.count, args.batch, args.citizens, args.rounds, args.dir, args.keep or args.reuse,
              args.reuse)
    mb = lambda kb: f"{kb / 1024:.0f} MB"  # noqa: E731
    print(f"{res['name']}: {res['count']} istanze create in {res['populate_s']} s; "
          f"RSS sito vuoto {mb(res['empty']['rss_kb'])}, con le istanze {mb(res['big']['rss_kb'])} "
          f"({res['ratio']:.2f}x); cache ZODB {mb(res['allowance_kb'])} ({res['allowance']}); "
          f"limite {mb(res['limit_kb'])}: obiettivo {'raggiunto' if res['target_met'] else 'NON raggiunto'}; "
          f"load average {res['loadavg']}")
    if args.json:
        Path(args.json).write_text(json.dumps(res, indent=2))
    return res


if __name__ == "__main__":
    main()

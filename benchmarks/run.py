"""P1, the deadline rush: ``make bench`` (see benchmarks/README.md).

Starts a temporary Zope instance (FileStorage, waitress with 4 threads),
creates the site, then has concurrent citizens submit applications with a
PDF through ``POST <type-url>/@istanze`` and the same answers through a
collective.easyform form with a save-data adapter; prints throughput,
latency, errors, ZODB conflict retries and where they were, stored vs
acknowledged submissions and the istanze/easyform ratio.
"""

from pathlib import Path

import argparse
import json
import os
import sys
import tempfile


sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import load  # noqa: E402
from benchmarks import report  # noqa: E402
from benchmarks.instance import free_port  # noqa: E402
from benchmarks.instance import Instance  # noqa: E402


HERE = Path(__file__).resolve().parent
FEE_FLAG = "COMUNE_ISTANZE_BENCH_FEE"  # benchmarks/site_setup.py
CLUSTER_TARGET = 1.6  # --cluster: istanze on N processes against EasyForm on one


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--count", type=int, default=400, help="invii misurati per bersaglio")
    p.add_argument("--clients", type=int, default=16, help="client concorrenti")
    p.add_argument("--citizens", type=int, default=0,
                   help="cittadini (default: uno per invio, count + warmup)")
    p.add_argument("--existing", type=int, default=1000,
                   help="invii già fatti prima della corsa, per bersaglio (bando aperto da settimane)")
    p.add_argument("--threads", type=int, default=2, help="thread di waitress (come scripts/make_instance.py)")
    p.add_argument("--rounds", type=int, default=4, help="turni alternati istanze/easyform")
    p.add_argument("--warmup", type=int, default=4, help="invii sequenziali non misurati")
    p.add_argument("--port", type=int, default=0, help="porta (0: una libera)")
    p.add_argument("--route", default="@istanze", help="servizio REST di invio delle istanze")
    p.add_argument("--ref", help="misura il codice com'è nel commit git REF (git archive)")
    p.add_argument("--dir", help="cartella dell'istanza temporanea (default: in /tmp)")
    p.add_argument("--keep", action="store_true", help="non cancellare l'istanza alla fine")
    p.add_argument("--json", help="scrivi anche i risultati in questo file JSON")
    p.add_argument("--cluster", type=int, default=0, metavar="N",
                   help="N processi Zope su RelStorage (PostgreSQL) dietro HAProxy; EasyForm sul primo "
                        "processo solo (obiettivo: istanze >= 1.6 x EasyForm)")
    p.add_argument("--fee", action="store_true",
                   help="P1 con pagamento: la tipologia chiede un pagamento all'invio («Paga e invia»)")
    return p.parse_args(argv)


def rounds(count, n):
    """Split ``count`` submissions into ``n`` nearly equal rounds."""
    n = max(1, min(n, count))
    return [count // n + (i < count % n) for i in range(n)]


def default_targets(base, info, args):
    return (load.IstanzeTarget(base, info, args.route), load.EasyFormTarget(base, info))


def cpu_seconds(pid):
    """User + system CPU time of process ``pid`` (Linux /proc)."""
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(instance, info, args, make_targets=default_targets):
    """Run both targets against the started instance; return (phases, aborts).

    The targets alternate in rounds, so that a change of load on the
    machine during the run weighs on both alike. Each phase also gets the
    Zope process's CPU seconds (``phase.cpu``).
    """
    base = f"{instance.url}/{info['site']}"
    citizens = [load.credentials(citizen) for citizen in info["citizens"]]
    targets = make_targets(base, info, args)
    states = [[t.prepare(citizen) for citizen in info["citizens"]] for t in targets]
    phases = [load.PhaseResult(t.name) for t in targets]
    logs = ((report.read_conflict_log, instance.conflict_log),
            (report.read_resolution_log, instance.resolution_log))
    aborts = [([], []), ([], [])]  # per target: conflict records, unresolved reasons
    start = 0
    pids = getattr(instance, "pids", None) or [instance.process.pid]  # every Zope process
    snapshot = getattr(instance, "pg_snapshot", None)
    for i, count in enumerate(rounds(args.count, args.rounds)):
        warmup = args.warmup if i == 0 else 0
        for target, target_states, phase, logged in zip(targets, states, phases, aborts):
            seen = [len(read(path)) for read, path in logs]
            print(f"... round {i + 1}: {target.name}, {count} invii, {args.clients} client", flush=True)
            cpu = sum(map(cpu_seconds, pids))
            pg = snapshot() if snapshot else {}
            phase.add(load.run_phase(target, citizens, target_states, count, args.clients, start, warmup))
            phase.cpu = getattr(phase, "cpu", 0.0) + sum(map(cpu_seconds, pids)) - cpu
            if snapshot:  # --cluster: what PostgreSQL did meanwhile
                after, total = snapshot(), getattr(phase, "pg", {})
                phase.pg = {k: total.get(k, 0) + after[k] - pg[k] for k in after}
            for (read, path), n, records in zip(logs, seen, logged):
                records.extend(read(path)[n:])
        start += warmup + count
    return phases, aborts, targets


def run(args, make_targets=default_targets):
    workdir = Path(args.dir or tempfile.mkdtemp(prefix="comune-istanze-bench-"))
    port = args.port or free_port()
    if getattr(args, "cluster", 0):
        from benchmarks.cluster import ClusterInstance
        from benchmarks.cluster import targets as cluster_targets

        instance = ClusterInstance(workdir / "instance", port, args.threads, args.cluster)
        make_targets = cluster_targets(instance)
    else:
        instance = Instance(workdir / "instance", port, args.threads)
    setup_json, count_json = workdir / "setup.json", workdir / "count.json"
    try:
        instance.create()
        if args.ref:
            instance.export_source(args.ref)
        print(f"Istanza temporanea in {workdir}; creo il sito...", flush=True)
        citizens = args.citizens or args.count + args.warmup
        if args.fee:  # read by site_setup.py (through the instance's environment)
            os.environ[FEE_FLAG] = "1"
        instance.run_script(HERE / "site_setup.py", citizens, args.existing, setup_json)
        info = json.loads(setup_json.read_text())
        instance.start()
        load_before = os.getloadavg()
        try:
            phases, aborts, targets = measure(instance, info, args, make_targets)
        finally:
            instance.stop()
        loadavg = [round(x, 1) for x in load_before + os.getloadavg()[:1]]
        instance.run_script(HERE / "count.py", setup_json, instance.conflict_log, count_json)
        stored = json.loads(count_json.read_text())
    finally:
        os.environ.pop(FEE_FLAG, None)  # never left to later runs or other instances
        if not args.keep:
            instance.remove()
        else:
            instance.shutdown()  # the files stay; no process (PostgreSQL) is left running
    res = results(phases, aborts, stored, args, loadavg)
    for row, phase, target in zip(res["rows"], phases, targets):
        ok = len([o for o in phase.outcomes if o.ok])
        row["cpu_ms_per_ok"] = round(phase.cpu * 1000 / ok) if ok else None
        if getattr(phase, "pg", None) and ok:  # --cluster: PostgreSQL per submission
            row["postgresql_per_ok"] = {k: round(v / ok, 2) for k, v in phase.pg.items()}
        row["requests"] = getattr(target, "counter", None) and target.counter.seconds
    return res


def results(phases, aborts, stored, args, loadavg):
    ist_phase, ef_phase = phases
    where = stored["where"]
    fee = getattr(args, "fee", False)
    # With a fee an acknowledged submission is a draft waiting for its payment.
    done = (stored["istanze"].get("pending_payment", 0) if fee
            else stored["istanze"]["states"].get("submitted", 0))
    istanze = report.summarize(ist_phase, aborts[0][0], done, where, aborts[0][1])
    easyform = report.summarize(ef_phase, aborts[1][0], stored["easyform"]["rows"], where, aborts[1][1])
    problems = [] if fee else report.check_numbers(ist_phase, stored["istanze"]["numbers"])
    drafts = stored["istanze"]["states"].get("draft", 0) - (done if fee else 0)
    if drafts:
        problems.append(f"{drafts} bozze rimaste da invii falliti (salvataggio parziale)")
    arriving = stored["istanze"].get("arriving", 0)
    if arriving:  # stored, not yet catalogued: the worker would settle them
        problems.append(f"{arriving} istanze salvate ma non ancora catalogate (arrivi da sistemare)")
    target = CLUSTER_TARGET if getattr(args, "cluster", 0) else report.TARGET
    return {
        "settings": {"count": args.count, "clients": args.clients, "threads": args.threads,
                     "cluster": getattr(args, "cluster", 0),
                     "citizens": args.citizens or args.count + args.warmup,
                     "warmup": args.warmup, "rounds": args.rounds, "route": args.route,
                     "existing": args.existing, "fee": fee},
        "rows": [istanze, easyform],
        "ratio": report.ratio(istanze, easyform),
        "target": target,
        "cpus": os.cpu_count(),
        # 1/5/15-minute load averages before the run, 1-minute one after it
        "loadavg": loadavg,
        "problems": problems,
        "target_met": report.verdict(istanze, easyform, problems, target),
        "states": stored["istanze"]["states"],
        "earlier": stored["earlier"],
    }


def show(res):
    print()
    print(report.table(res["rows"]))
    print(f"\nratio istanze/easyform: {res['ratio']} (target >= {res['target']}); "
          f"{res['cpus']} CPU, load average {res['loadavg']}")
    for row in res["rows"]:
        if row.get("postgresql_per_ok"):
            pg = row["postgresql_per_ok"]
            print(f"{row['target']}: per submission {row['cpu_ms_per_ok']} ms CPU of Zope, "
                  f"{pg['cpu_ms']} ms CPU of PostgreSQL, {pg['commits']} commits, "
                  f"{pg['statements']} statements, {pg['loads']} object loads")
        if row["error_statuses"]:
            print(f"{row['target']}: errors by HTTP status {row['error_statuses']}")
            for sample in row["error_samples"]:
                print(f"  e.g. {sample[:200]!r}")
        for place, n, classes, oids in row["hot_spots"]:
            print(f"{row['target']}: {n} conflicts on {place} "
                  f"({', '.join(classes)}; {len(oids)} objects)")
        for klass, reason, n in row["unresolved"]:
            print(f"{row['target']}: {n} unresolved conflicts on {klass}: {reason}")
    for problem in res["problems"]:
        print("PROBLEMA:", problem)
    print("obiettivo P1:", "raggiunto" if res["target_met"] else "NON raggiunto")


def main(argv=None):
    args = parse_args(argv)
    res = run(args)
    show(res)
    if args.json:
        Path(args.json).write_text(json.dumps(res, indent=2))
    return res


if __name__ == "__main__":
    main()

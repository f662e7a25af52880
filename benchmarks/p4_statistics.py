"""P4: the statistics page with counters for 10,000,000 applications.

Builds a site with 60 published-like types over 10 years, drives
``--count`` synthetic submissions (and a rating every fifth) into the
counters (the first 100 through the real subscribers, the rest in bulk:
see :func:`drive_in_bulk`), then times the full statistics page (main
template, tables, three SVG charts) against a plain Plone page (a Document
with some text, same main template) in the same run. It also times the page
with counters for only 100 applications, to show the cost does not grow.
Prints the ratio (target: at most 1.2x).

Usage: python -m benchmarks.p4_statistics [--count 10000000] [--repeat 30]
"""

from datetime import datetime

import math
import sys
import time


sys.path[:0] = [str(__import__("pathlib").Path(__file__).resolve().parent.parent)]

from benchmarks.common import best_of_interleaved  # noqa: E402
from benchmarks.common import command_line  # noqa: E402
from comune.istanze.interfaces import IApplication  # noqa: E402
from zope.interface import implementer  # noqa: E402

YEARS = range(2017, 2027)
TYPES = 60
METHODS = ("spid", "spid", "spid", "cie", "cns", "password")


@implementer(IApplication)
class SyntheticApplication:
    """What the counter subscribers read of an application."""

    def __init__(self, code, submitted, auth_method):
        self.code, self.submitted, self.auth_method = code, submitted, auth_method

    def application_type(self):
        return self  # has the ``code`` of its type


def synthetic(i):
    """Synthetic submission ``i`` (type, date, login method) and its rating
    (every fifth) or None."""
    # every type has submissions in every year (a type table of 60 rows)
    app = SyntheticApplication(f"T{i // len(YEARS) % TYPES:02d}", datetime(YEARS[i % len(YEARS)], 1 + i % 12, 1),
                               METHODS[i % len(METHODS)])
    return app, (1 + i % 5 if i % 5 == 0 else None)


# the synthetic submissions repeat (type, year, method, rating) with this period
PERIOD = math.lcm(TYPES * len(YEARS), len(METHODS), 5)


def drive(count, offset=0):
    """``count`` synthetic submissions through the real subscribers."""
    from comune.istanze.ratings.rating import ApplicationRatedEvent
    from comune.istanze.statistics import counters
    from comune.istanze.workflow.events import ApplicationSubmittedEvent

    for i in range(offset, offset + count):
        app, rating = synthetic(i)
        counters.on_submitted(app, ApplicationSubmittedEvent(app))
        if rating is not None:
            counters.on_rated(app, ApplicationRatedEvent(app, None, rating))


def drive_in_bulk(count, offset=0):
    """The same counters as ``drive(count, offset)``, in seconds for 10,000,000.

    The sequence repeats every ``PERIOD`` submissions, so ``n`` whole periods
    add ``n`` times what one period adds: for each submission of one period,
    the counters that :func:`counters.submission_changes` (the subscribers'
    own list) names change by ``delta * n`` through ``StatisticsStore.change``,
    the subscribers' write. The rest goes through the subscribers one by one.
    ``tests/benchmarks/test_p4.py`` checks both give the same counters.
    """
    from comune.istanze.statistics import counters

    periods, rest = divmod(count, PERIOD)
    store = counters.get_store(create=True)
    for i in range(offset, offset + PERIOD if periods else offset):
        app, rating = synthetic(i)
        year, code = app.submitted.year, app.code
        for metric, delta in counters.submission_changes(
                app.auth_method, counters.channel_metric(app), rating):
            store.change(year, code, metric, delta * periods)
    drive(rest, offset + periods * PERIOD)


def build(portal):
    from comune.istanze.statistics import counters
    from plone import api
    from plone.app.textfield.value import RichTextValue

    store = counters.get_store(portal, create=True)
    for i in range(TYPES):
        store.register_type(f"T{i:02d}", f"Servizio online numero {i}", YEARS)
    with api.env.adopt_roles(["Manager"]):
        page = api.content.create(container=portal, type="StatisticsPage", id="statistiche",
                                  title="Statistiche servizi online")
        doc = api.content.create(container=portal, type="Document", id="pagina", title="Pagina",
                                 text=RichTextValue("<p>Servizi in rete.</p>" * 20, "text/html", "text/html"))
        for obj in (page, doc):
            api.content.transition(obj=obj, transition="publish")
    page.set_protocol_totals({y: 40000 + y for y in YEARS})
    return page, doc


def run(count=10_000_000, repeat=30):
    from benchmarks.plone_layer import plone_site
    from comune.istanze.statistics.figures import year_figures
    from plone.app.testing import logout

    import transaction

    with plone_site() as (portal, request):
        page, doc = build(portal)
        logout()  # the public sees the page anonymously

        def ours():
            request.form.clear()
            request.form["year"] = "2026"
            return page.restrictedTraverse("@@view")()

        def plain():
            request.form.clear()
            return doc.restrictedTraverse("@@document_view")()

        drive(100)
        transaction.savepoint(optimistic=True)
        for _ in range(3):  # compile templates, fill caches
            ours(), plain()
        small, small_base = best_of_interleaved((ours, plain), repeat)
        t0 = time.perf_counter()
        drive_in_bulk(count - 100, offset=100)
        transaction.savepoint(optimistic=True)
        build_s = time.perf_counter() - t0
        total = sum(year_figures(y, page)["istanze_presentate"] for y in YEARS)
        assert total == count, total
        assert "Servizio online numero" in ours()
        measured, baseline = best_of_interleaved((ours, plain), repeat)
        return {"name": "P4 statistiche", "count": count, "build_s": build_s,
                "baseline_ms": baseline * 1000, "ours_ms": measured * 1000,
                "small_ms": small * 1000, "small_ratio": small / small_base,
                "ratio": measured / baseline, "target": 1.2}


def main(argv=None):
    return command_line(__doc__, run, 10_000_000, 30, lambda r: (
        f"{r['name']}: {r['count']} istanze nei contatori (inviate in {r['build_s']:.0f} s); "
        f"pagina Plone semplice {r['baseline_ms']:.1f} ms; pagina statistiche {r['ours_ms']:.1f} ms "
        f"(con 100 istanze: {r['small_ms']:.1f} ms, rapporto {r['small_ratio']:.2f}x); rapporto {r['ratio']:.2f}x "
        f"(obiettivo <= {r['target']}x)"), argv)


if __name__ == "__main__":
    main()

"""P2: the first inbox page, filtered, over 100,000 (or 1,000,000) applications.

Builds a site with ``--count`` submitted applications (catalogued with the
real indexers, spread over two types, several states and dates; beyond the
first 100,000 only in the indexes the inbox queries, see ``QUERIED``), then times
``comune.istanze.backoffice.inbox`` (filters -> query -> 50 rows from
metadata) against a bare catalog query returning the same 50 brains, in the
same run. Prints the ratio (target: at most 1.5x, issue 15 at 1,000,000).
"""

from datetime import datetime
from datetime import timedelta

import random
import sys
import time


sys.path[:0] = [str(__import__("pathlib").Path(__file__).resolve().parent.parent)]

from benchmarks.common import best_of_interleaved  # noqa: E402
from benchmarks.common import command_line  # noqa: E402

STATES = ("submitted", "in_review", "integration_requested", "accepted", "rejected")


REAL = 300  # applications built through the real content path
FULL = 100_000  # records catalogued in every index; beyond, only in QUERIED
# the indexes the inbox, its counts per state and the bare query read (the
# catalog adds allowedRolesAndUsers and effectiveRange for staff), and the
# filters of the inbox page; metadata is always recorded
QUERIED = ("application_type", "review_state", "application_submitted", "allowedRolesAndUsers",
           "effectiveRange", "application_number", "applicant_words", "portal_type")


class Record:
    """A catalog record with the index values and metadata of an application.

    The inbox reads only the catalog, so the listing cost depends only on
    what the catalog holds. The first ``REAL`` applications are real content
    (and prove the values match); the rest are catalogued as records with
    the same values, which takes ~1 ms each instead of ~10 ms.
    """

    def __init__(self, path, **values):
        self._path = path
        self.__dict__.update(values)

    def getPhysicalPath(self):
        return tuple(self._path.split("/"))


def raw_values(obj, catalog):
    """What the catalog reads from ``obj``: every index attribute and column."""
    from plone.indexer.interfaces import IIndexableObject
    from zope.component import getMultiAdapter

    wrapper = getMultiAdapter((obj, catalog), IIndexableObject)
    names = set(catalog.schema())
    for index in catalog._catalog.indexes.values():
        names.update(index.getIndexSourceNames())
    names -= {"getPhysicalPath", "path"}  # a Record answers with its own path
    values = {}
    for name in names:
        value = getattr(wrapper, name, None)
        values[name] = value() if callable(value) else value
    return values


def indexes(i):
    """Every index for the first ``FULL`` records (None: all), then only ``QUERIED``."""
    return None if i < FULL else list(QUERIED)


def populate(portal, count, seed=3, staff=None):
    from comune.istanze.fakes import random_person
    from plone import api
    from plone.dexterity.utils import createContent
    from tests.fixtures import make_type

    import transaction

    rng = random.Random(seed)
    types = [make_type(portal, code="BANDO", title="Bando affitti"),
             make_type(portal, code="MENSA", title="Mensa")]
    if staff:
        api.user.grant_roles(username=staff, obj=types[0], roles=["Istruttore"])
    wf = api.portal.get_tool("portal_workflow")
    catalog = api.portal.get_tool("portal_catalog")
    start = datetime(2026, 1, 1)
    people = [random_person(rng) for _ in range(2000)]
    template = {}
    for i in range(count):
        type_obj = types[i % 2]
        person = people[i % len(people)]
        state = STATES[rng.randrange(len(STATES))]
        submitted = start + timedelta(minutes=7 * i)
        number = f"2026-{type_obj.code}-{i // 2 + 1:06d}"
        isee = rng.uniform(0, 30000)
        if i < REAL:
            app = createContent(type_obj.published_type)
            app.id = f"a{i:07d}"
            app.form_version = 1
            app.applicant_id = person["fiscal_code"]
            app.applicant_name = f"{person['first_name']} {person['last_name']}"
            app.submitted, app.number, app.title = submitted, number, number
            app.isee, app.componenti, app.indirizzo = isee, rng.randint(1, 6), "Via Roma"
            type_obj._setObject(app.id, app, suppress_events=True)
            app = type_obj[app.id]
            app.manage_setLocalRoles(person["fiscal_code"], ["Owner"])
            wf.setStatusOf("istanza_workflow", app, {
                "review_state": state, "action": "submit", "actor": person["fiscal_code"],
                "time": submitted, "comments": ""})
            wf.getWorkflowById("istanza_workflow").updateRoleMappingsFor(app)
            catalog.catalog_object(app)
            if i < 2:
                template[type_obj.code] = raw_values(app, catalog)
            continue
        values = dict(template[type_obj.code])
        values.update(
            id=f"a{i:07d}", getId=f"a{i:07d}", application_number=number, Title=number,
            title=number, sortable_title=number.lower(), applicant_id=person["fiscal_code"],
            applicant_name=f"{person['first_name']} {person['last_name']}",
            applicant_words=sorted({person["first_name"].lower(), person["last_name"].lower(),
                                    person["fiscal_code"].lower()}),
            application_submitted=submitted, due_date=submitted + timedelta(days=30),
            review_state=state, ranking_values={"isee": isee, "submitted": submitted},
            UID=f"bench{i:027d}", created=submitted, modified=submitted,
            allowedRolesAndUsers=[r for r in values["allowedRolesAndUsers"]
                                  if not r.startswith("user:") or r == f"user:{staff}"]
            + [f"user:{person['fiscal_code']}"],
        )
        path = "/".join(type_obj.getPhysicalPath()) + f"/a{i:07d}"
        catalog._catalog.catalogObject(Record(path, **values), path, idxs=indexes(i))
        if i % 10000 == 9999:
            transaction.savepoint(optimistic=True)
            print(f"  {i + 1} istanze nel catalogo", file=sys.stderr)
    return types


def run(count=100000, repeat=20):
    from benchmarks.plone_layer import plone_site
    from comune.istanze.backoffice import inbox
    from plone import api
    from plone.app.testing import login

    with plone_site() as (portal, request):

        with api.env.adopt_roles(["Manager"]):
            api.user.create(username="istruttore", email="i@comune.example", password="x-Pass-1234")
        t0 = time.perf_counter()
        populate(portal, count, staff="istruttore")
        build = time.perf_counter() - t0
        login(portal, "istruttore")
        filters = {"state": "open", "from": "2026-02-01", "to": "2026-12-31", "sort": "submitted"}
        catalog = api.portal.get_tool("portal_catalog")
        query = inbox.build_query(filters, ["BANDO"])

        def bare():
            return [b for b in catalog(sort_limit=50, **query)[:50]]

        def ours():
            brains = inbox.search(filters, limit=50)
            return [inbox.row(b) for b in brains[:50]]

        def page():  # what @@scrivania does: the page and the counts per state
            return ours(), inbox.state_counts(filters)

        assert [r["number"] for r in ours()] == [b.application_number for b in bare()]
        measured, with_counts, baseline = best_of_interleaved((ours, page, bare), repeat)
        return {"name": "P2 scrivania", "count": count, "build_s": build,
                "baseline_ms": baseline * 1000, "ours_ms": measured * 1000,
                "ratio": measured / baseline, "target": 1.5,
                "page_ms": with_counts * 1000, "page_ratio": with_counts / baseline}


def main(argv=None):
    return command_line(__doc__, run, 100000, 20, lambda r: (
        f"{r['name']}: {r['count']} istanze (create in {r['build_s']:.0f} s); "
        f"query nuda {r['baseline_ms']:.1f} ms; prima pagina filtrata {r['ours_ms']:.1f} ms; "
        f"rapporto {r['ratio']:.2f}x (obiettivo <= {r['target']}x); "
        f"con i conteggi per stato {r['page_ms']:.1f} ms, rapporto {r['page_ratio']:.2f}x"), argv)


if __name__ == "__main__":
    main()

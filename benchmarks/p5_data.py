"""P5's data, written inside Zope (run by ``zconsole run``; ``app`` is given).

Usage::

    zconsole run zope.conf benchmarks/p5_data.py prepare <setup.json> <out.json>
    zconsole run zope.conf benchmarks/p5_data.py populate <setup.json> <count> <batch> <out.json>
    zconsole run zope.conf benchmarks/p5_data.py held <setup.json> <out.json>

``prepare`` adds to the benchmark site of ``site_setup.py`` what the warm
pages need: a staff member (Istruttore of the type, password login) and a
published statistics page. ``populate`` creates ``count`` real applications
through the product code a citizen's submission runs (``create_draft``,
the answers, the PDF attachment as a blob, ``submit``: number, catalog,
counters, queued emails and protocol job), ``batch`` at a time, each batch
one transaction followed by a GC of the connection's object cache, so the
populating process stays small. Applications go round the site's citizens
(a citizen applies once a year to each of several bandi, so each has many).
It writes the elapsed seconds and the counts the database then holds.
"""

from pathlib import Path

import json
import logging
import sys
import time
import transaction


STAFF = "istruttore-p5"
STAFF_PASSWORD = "bench-Istruttore-5"
STATS_ID = "statistiche"


def _site(app):
    from benchmarks.site_setup import SITE_ID
    from zope.component.hooks import setSite

    site = app[SITE_ID]
    setSite(site)
    return site


def prepare(app, setup):
    from benchmarks.site_setup import TYPE_ID
    from plone import api

    site = _site(app)
    with api.env.adopt_roles(["Manager"]):
        api.user.create(username=STAFF, email="istruttore@comune.example", password=STAFF_PASSWORD)
        api.user.grant_roles(username=STAFF, obj=site[TYPE_ID], roles=["Istruttore"])
        page = api.content.create(container=site, type="StatisticsPage", id=STATS_ID,
                                  title="Statistiche servizi online")
        api.content.transition(obj=page, transition="publish")
    transaction.get().note("benchmark P5: staff and statistics page")
    transaction.commit()
    return {"staff": STAFF, "staff_password": STAFF_PASSWORD, "statistics": STATS_ID}


def submit_one(app_type, login):
    """One citizen's submission, as ``@istanze`` does it (answers, PDF, submit)."""
    from benchmarks.load import ANSWERS
    from benchmarks.load import PDF
    from benchmarks.site_setup import ATTACHMENT
    from comune.istanze.documents.attachments import add_attachment
    from comune.istanze.identity.session import spid_session
    from comune.istanze.workflow import submission
    from plone import api

    with api.env.adopt_user(username=login), spid_session(login):
        application = submission.create_draft(app_type)
        for name, value in ANSWERS.items():
            setattr(application, name, value)
        add_attachment(application, ATTACHMENT, PDF, "contratto.pdf", login)
        submission.submit(application)
    return application


def populate(app, setup, count, batch):
    from benchmarks.site_setup import TYPE_ID

    site = _site(app)
    app_type = site[TYPE_ID]
    # the benchmark site has no mail sender: one warning per submission otherwise
    logging.getLogger("comune.istanze.workflow.notify").setLevel(logging.ERROR)
    logins = [c["login"] for c in setup["citizens"]]
    t0 = time.perf_counter()
    for i in range(count):
        submit_one(app_type, logins[i % len(logins)])
        if (i + 1) % batch == 0 or i + 1 == count:
            transaction.get().note(f"benchmark P5: {i + 1} applications")
            transaction.commit()
            app._p_jar.cacheGC()  # the populating process stays small
            if (i + 1) % (batch * 10) == 0:
                print(f"  {i + 1} istanze create in {time.perf_counter() - t0:.0f} s", flush=True)
    return {"created": count, "populate_s": time.perf_counter() - t0, **held(app)}


def held(app):
    """What the database holds: applications of the type by state, from the
    type's container (the objects) and from the catalog; and, from the
    transaction log, the first and last batch of ``populate`` (so that a
    population stopped half way is still reported truthfully)."""
    from benchmarks.site_setup import TYPE_ID
    from plone import api

    app_type = _site(app)[TYPE_ID]
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(portal_type=app_type.published_type)
    states = {}
    for brain in brains:
        states[brain.review_state] = states.get(brain.review_state, 0) + 1
    batches = [d["time"] for d in app._p_jar.db().undoLog(0, 10**7)
               if str(d["description"]).find("benchmark P5:") >= 0 and "applications" in str(d["description"])]
    span = max(batches) - min(batches) if len(batches) > 1 else None
    return {"objects": len(app_type.objectIds()), "catalogued": len(brains), "states": states,
            "batches": len(batches), "first_to_last_batch_s": span}


def main(app, argv):
    command, setup_path, *rest = argv
    setup = json.loads(Path(setup_path).read_text())
    if command == "prepare":
        out, result = rest[0], prepare(app, setup)
    elif command == "held":
        out, result = rest[0], held(app)
    else:
        count, batch, out = int(rest[0]), int(rest[1]), rest[2]
        result = populate(app, setup, count, batch)
    Path(out).write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    args = sys.argv[sys.argv.index(next(a for a in sys.argv if a in ("prepare", "populate", "held"))):]
    main(globals()["app"], args)

"""Demo content: a published statistics page with sample data for several years.

``create_demo_statistics(portal)`` is called by the demo profile. It creates
"Amministrazione Trasparente > Servizi erogati > Servizi in rete" (folders,
if missing), the "Statistiche servizi online" page, protocol totals, and
sample counters for the previous three years (synthetic figures, no
applications: a rebuild from the catalog replaces them with real data).
"""

from comune.istanze.statistics.counters import get_store
from datetime import date
from plone import api

import random


PATH = (
    ("amministrazione-trasparente", "Amministrazione Trasparente"),
    ("servizi-erogati", "Servizi erogati"),
    ("servizi-in-rete", "Servizi in rete"),
)
SAMPLE_TYPES = (
    ("CONTAFF", "Contributo affitto"),
    ("MENSA", "Iscrizione alla mensa scolastica"),
    ("PASSCAR", "Contrassegno disabili"),
    ("OSUOLO", "Occupazione di suolo pubblico"),
    ("ACCESSO", "Accesso agli atti"),
)


def _folder(container, id_, title):
    if id_ in container.objectIds():
        return container[id_]
    folder = api.content.create(container=container, type="Folder", id=id_, title=title)
    api.content.transition(obj=folder, transition="publish")
    return folder


def create_demo_statistics(portal, years=3, seed=2018):
    with api.env.adopt_roles(["Manager"]):
        container = portal
        for id_, title in PATH:
            container = _folder(container, id_, title)
        page = container.get("statistiche-servizi-online")
        if page is None:
            page = api.content.create(
                container=container, type="StatisticsPage", id="statistiche-servizi-online",
                title="Statistiche servizi online",
                description="Utilizzo e gradimento dei servizi online del Comune, per anno.",
            )
            api.content.transition(obj=page, transition="publish")
    rnd = random.Random(seed)
    this_year = date.today().year
    store = get_store(portal, create=True)
    totals = dict(page.protocol_totals)
    generated = set(store.demo_years)
    for year in range(this_year - years, this_year):
        for code, title in SAMPLE_TYPES:
            store.register_type(code, title, [year])
            if store.values(year).get(code, {}).get("submitted"):
                continue  # real or already generated: keep
            generated.add(year)
            n = rnd.randint(80, 900)
            spid = int(n * rnd.uniform(0.6, 0.8))
            cie = int(n * rnd.uniform(0.1, 0.2))
            cns = int(n * 0.03)
            rated = int(n * rnd.uniform(0.1, 0.3))
            for metric, value in (("submitted", n), ("spid", spid), ("cie", cie), ("cns", cns),
                                  ("other", n - spid - cie - cns), ("ratings", rated),
                                  ("rating_sum", int(rated * rnd.uniform(3.6, 4.5))),
                                  ("online", n - n // 20), ("sportello", n // 20)):
                store.change(year, code, metric, value)
        totals.setdefault(year, rnd.randint(30000, 50000))
    page.set_protocol_totals(totals)
    if generated != store.demo_years:
        store.demo_years = frozenset(generated)  # the page and the open data say so
    return page

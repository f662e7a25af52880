"""Isolation matrix (issue 10), over real HTTP.

Nine actors (:mod:`tests.security.actors`) try every view and REST service
of the product registered for an application, a type and the site root
(read from the component registry: a view added later is tried without
anyone remembering it) and Plone's own surfaces that apply to applications
(:mod:`tests.security.surfaces`). Each cell must answer exactly the status
of the tables (:mod:`tests.security.table_apps`, :mod:`tests.security.table_site`)
and its body must show no other person's name, codice fiscale or answers.
Calls that would change something are in ``test_state_changes``.
"""

from plone import api
from tests.security import actors as ac
from tests.security import cells
from tests.security import surfaces as sf
from tests.personal_area.world import session

import gzip
import json
import pytest
import transaction


# Plone's own help text ("Inserisci il tuo nome completo, ad esempio Mario
# Rossi.") shares citizen A's name: it is not A's data.
NOISE = ("ad esempio Mario Rossi",)


@pytest.fixture
def world(functional, functional_portal):
    return ac.build(functional, functional_portal)


def read_surfaces(world, actor):
    """Every surface the matrix sends for ``actor`` (nothing that changes)."""
    found = (sf.app_surfaces(world) + sf.b_app_surfaces(world) + sf.site_surfaces(world)
             + sf.self_surfaces(world, ac.user_id(world, actor)))
    return [s for s in found if not s.changes]


def forbidden(world, actor):
    """The data ``actor`` must not see: everybody else's, except the people
    the actor's role serves (all of them for the Site Administrator, B's
    type's applicants for MENSA's staff)."""
    people = {ac.A: world.a_secrets, ac.B: world.b_secrets, ac.PASSWORD: world.password_secrets}
    allowed = {actor}
    if actor == ac.SITE_ADMIN:
        allowed |= set(people)
    if actor in (ac.ISTRUTTORE_X, ac.RESPONSABILE_X):
        allowed.add(ac.B)
    return [s for person, secrets in people.items() if person not in allowed for s in secrets]


def check(world, actor, web, surface, table):
    """The failures of one cell (empty when it holds)."""
    try:
        want = cells.expected(surface, actor, table)
    except KeyError:  # a new surface: say what it answers, to write its line
        answer = surface.send(web)
        return [f"{actor}: no line for {surface.where} {surface.key!r}, "
                f"it answers {cells.status_of(answer)}"]
    if want is None:
        return []
    answer = surface.send(web)
    got = cells.status_of(answer)
    failures = []
    if got != want[0]:
        failures.append(f"{actor}: {surface.method} {surface.url} -> {got}, expected {want[0]}"
                        f" ({want[1] or 'refused'}): {answer.text[:200]!r}")
    text = answer.text
    for noise in NOISE:
        text = text.replace(noise, "")
    found = ac.leaks(text, forbidden(world, actor), surface.url)
    if found:
        failures.append(f"{actor}: {surface.method} {surface.url} shows {found}")
    return failures


def test_every_surface_has_a_line_and_every_line_a_surface(world):
    table = cells.tables()
    keys = {(s.where, s.key) for actor in ac.ACTORS for s in read_surfaces(world, actor)}
    missing = sorted(k for k in keys if k[1] not in table[k[0]] and "/<" not in k[1])
    assert missing == [], f"surfaces without an expected line (write one): {missing}"
    stale = sorted((where, key) for where, rows in table.items() for key in rows
                   if (where, key) not in keys)
    assert stale == [], f"lines for surfaces that no longer exist: {stale}"
    # The registry is really read: our views and services and plone.restapi's.
    names = {name for _k, name, _m, _t in sf.registered(world.app, own_only=False)}
    assert {"view", "ricevuta", "allegato", "documento", "integrazione", "messaggio",
            "istruttoria", "@istanza", "@integrazione", "@messaggi", "@workflow",
            "@history", "@sharing", ""} <= names


def test_isolation_matrix(world):
    table = cells.tables()
    webs = ac.sessions(world)
    failures, requests_sent, columns = [], 0, set()
    for actor, web in webs.items():
        for surface in read_surfaces(world, actor):
            failures += check(world, actor, web, surface, table)
            requests_sent += 1
            columns.add((surface.where, surface.key))
    print(f"\nisolation matrix: {len(webs)} actors x {len(columns)} surfaces, "
          f"{requests_sent} requests")
    transaction.begin()
    assert api.content.get_state(world.app) == "integration_requested"
    assert api.content.get_state(world.b_app) == "submitted"
    assert failures == [], f"{len(failures)} cells fail:\n" + "\n".join(failures)


def index_queries(world):
    """``@search`` on every catalog index that holds a text value of A's
    application, with that value (a catalog listing of each index)."""
    catalog = api.portal.get_tool("portal_catalog")
    rid = catalog.getrid("/".join(world.app.getPhysicalPath()))
    queries = []
    for index, value in sorted(catalog.getIndexDataForRID(rid).items()):
        values = value if isinstance(value, (list, tuple)) else [value]
        texts = [v for v in values if isinstance(v, str) and 0 < len(v) < 200]
        queries.extend((index, text) for text in texts[:3])
    return queries


def test_catalog_indexes_list_nothing_of_a(world):
    queries = index_queries(world)
    assert {"applicant_id", "application_number"} <= {index for index, _v in queries}
    failures = []
    for actor, web in ac.sessions(world).items():
        if actor in (ac.A, ac.SITE_ADMIN):
            continue
        for index, value in queries:
            answer = web.get(f"{world.base}/@search", timeout=120,
                             params={index: value, "metadata_fields": "_all"},
                             headers={"Accept": "application/json"})
            body = answer.json()
            for echo in ("@id", "batching"):  # the query itself, not data
                body.pop(echo, None)
            found = ac.leaks(json.dumps(body, ensure_ascii=False),
                             [*world.a_secrets, world.app.getId()])
            if answer.status_code != 200 or found:
                failures.append(f"{actor}: @search {index}={value} -> "
                                f"{answer.status_code} {found}")
    assert failures == [], "\n".join(failures)
    # The same listing does find A's application for A: the queries are live.
    mine = session(world.a).get(f"{world.base}/@search", params={"applicant_id": world.a},
                                headers={"Accept": "application/json"}, timeout=120).json()
    assert [item["@id"] for item in mine["items"]] == [world.app_url]


def test_a_sees_own_data_through_the_same_urls(world):
    """The matrix is meaningful: the same URLs do show A's data to A."""
    web = session(world.a)
    page = web.get(f"{world.base}/area-personale", timeout=120)
    assert page.status_code == 200 and world.app.number in page.text
    assert 'name="robots" content="noindex, nofollow"' in page.text
    assert page.headers["Cache-Control"] == "private, no-store"
    debts = web.get(f"{world.base}/@@debiti-pagopa", timeout=120)  # imported pagoPA debts
    assert debts.status_code == 200 and f"TARI {world.secrets[4]}" in debts.text
    app_page = web.get(world.app_url, timeout=120)
    assert app_page.status_code == 200 and "Vicolo Riservato 77" in app_page.text
    doc = web.get(f"{world.app_url}/@@documento/{world.doc_ids[0]}", timeout=120)
    assert doc.status_code == 200 and doc.content.startswith(b"%PDF")
    # The sitemap never lists applications nor personal pages, not even for A.
    sitemap = web.get(f"{world.base}/sitemap.xml.gz?page=1", timeout=120)
    assert sitemap.status_code == 200
    content = gzip.decompress(sitemap.content).decode()
    assert "<urlset" in content and world.casa.getId() in content
    assert world.app.getId() not in content and "area-personale" not in content
    # Nor in the feed of the type, not even A's own.
    feed = web.get(f"{world.base}/{world.casa.getId()}/RSS", timeout=120)
    assert feed.status_code == 200 and "<rdf:RDF" in feed.text
    assert world.app.getId() not in feed.text and world.app.number not in feed.text
    # Nor in the site search, not even A's own search.
    found = web.get(f"{world.base}/@@search?SearchableText={world.app.number}", timeout=120)
    assert found.status_code == 200 and world.app.getId() not in found.text
    # Applications are not in the full-text index: REST @search finds nothing.
    found = web.get(f"{world.base}/@search?SearchableText={world.app.number}",
                    headers={"Accept": "application/json"}, timeout=120).json()
    assert found["items_total"] == 0

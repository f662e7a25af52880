"""Isolation matrix (security R1), over real HTTP.

Citizen B, an anonymous visitor and a staff member of *another* type try
every view and REST service on citizen A's application (and on A's type and
the site root), A's files, PDFs, history, messages, search, catalog
listings, sitemap and feeds. On A's application everything must be refused
(401/403/404, or for visitors a redirect to the login) and no response body
may contain A's data (number, codice fiscale, name, answers, messages).

The views and services are read from the component registry, so a view or
service added later is tried without anyone remembering to add it here.
"""

from plone import api
from plone.base.interfaces.syndication import ISiteSyndicationSettings
from tests.personal_area.world import build_world
from tests.personal_area.world import session
from tests.personal_area.world import STAFF_PASSWORD
from zope.component import getGlobalSiteManager
from zope.interface import Interface
from zope.publisher.interfaces import IPublishTraverse

import gzip
import json
import pytest
import re
import transaction


SERVICE = re.compile(r"^(GET|POST|PATCH|PUT|DELETE)_application_json_(.*)$")
REFUSED = (401, 403, 404)
# Views on the type or the site root that may answer 200, each for a reason
# (and for whom); they are still checked for A's data like everything else.
EVERYBODY = ("anonimo", "cittadino B", "staff di un'altra tipologia")
MEMBERS = ("cittadino B", "staff di un'altra tipologia")
STAFF = ("staff di un'altra tipologia",)
PUBLIC = {
    ("type", "view"): (EVERYBODY, "the public page of the service"),
    ("type", "presenta-istanza"): (EVERYBODY, "starts the caller's own application"),
    ("type", "le-mie-bozze"): (MEMBERS, "the caller's own drafts only"),
    ("root", "area-personale"): (MEMBERS, "the caller's own applications only"),
    ("root", "accedi"): (EVERYBODY, "the SPID/CIE login page"),
    ("root", "statistiche"): (EVERYBODY, "public transparency figures, aggregated"),
    ("root", "scrivania"): (STAFF, "staff desk: only the types where the member works"),
    ("root", "esporta"): (STAFF, "staff export: only the types where the member works"),
    ("root", "comunica"): (STAFF, "staff messages: only the types where the member works"),
    ("root", "pagamenti"): (STAFF, "staff payments: only the types where the member works"),
    ("root", "pagamenti-esporta"): (STAFF, "staff payments export: only the types they work"),
}
# No broker configured in this test: the SPID/CIE entry answers 503 "not available".
UNAVAILABLE = {("root", "spid-login")}


def registered(obj, own_only):
    """(kind, name, method, traversable) of the views and services for ``obj``."""
    found = set()
    for reg in getGlobalSiteManager().registeredAdapters():
        if len(reg.required) != 2 or reg.provided is not Interface or not reg.name:
            continue
        if not reg.required[0].providedBy(obj):
            continue
        factory = reg.factory
        ours = any((getattr(c, "__module__", "") or "").startswith("comune.istanze")
                   for c in getattr(factory, "__mro__", (factory,)))
        match = SERVICE.match(reg.name)
        if match:
            if own_only and not ours:
                continue
            found.add(("service", match.group(2), match.group(1), False))
        elif ours:
            traversable = isinstance(factory, type) and IPublishTraverse.implementedBy(factory)
            found.add(("view", reg.name, "GET", traversable))
    return sorted(found)


# Plone's own views and URLs on the application that reveal content:
# file and image downloads, history, sharing, edit forms, feeds.
PLONE_ON_APP = ["", "view", "@@images/image", "@@download/file", "@@display-file",
                "@@historyview", "@@contenthistory", "@@content_status_history", "@@sharing",
                "@@edit", "folder_contents", "RSS", "rss.xml", "atom.xml", "base_view",
                "@@iterate_control", "manage_main", "getText", "Title"]
SITE_URLS = ["sitemap.xml.gz", "sitemap.xml.gz?page=1", "@@sitemap", "RSS", "rss.xml", "atom.xml", "search_rss",
             "@@search?SearchableText={number}", "@@search?SearchableText={cf}",
             "@@search?SearchableText=Rossi", "@@search?portal_type={ptype}",
             "@@updated_search?SearchableText={number}",
             "@@livesearch_reply?q={number}", "@@ajax-search?SearchableText={number}",
             "portal_catalog/searchResults?applicant_id={cf}",
             "{type}/RSS", "{type}/rss.xml", "{type}/atom.xml", "{type}/folder_contents",
             "{type}/@@folderListing"]
JSON_URLS = ["@search?SearchableText={number}", "@search?applicant_id={cf}&fullobjects=1",
             "@search?portal_type={ptype}&metadata_fields=_all",
             "@search?SearchableText=Rossi&metadata_fields=_all",
             "@querystring-search?query.i=portal_type&query.o=plone.app.querystring.operation.selection.any&query.v={ptype}",
             "{type}?fullobjects=1&expand=navigation", "{type}/@search?metadata_fields=_all",
             "@mie-istanze", "@area-personale", "@messaggi", "@documenti"]


@pytest.fixture
def world(functional, functional_portal):
    world = build_world(functional, functional_portal)
    with api.env.adopt_roles(["Manager"]):
        api.portal.set_registry_record("plone.enable_sitemap", True)
        api.portal.set_registry_record("allowed", True, interface=ISiteSyndicationSettings)
        api.portal.set_registry_record("default_enabled", True,
                                       interface=ISiteSyndicationSettings)
    transaction.commit()
    return world


def actors(world):
    return {"anonimo": session(), "cittadino B": session(world.b),
            "staff di un'altra tipologia": session("staff_mensa", STAFF_PASSWORD)}


def leaks(world, text, url="", extra=()):
    """A's data in ``text``; what the caller typed in ``url`` is not a leak."""
    from urllib.parse import unquote

    asked = unquote(url)
    return [s for s in (*world.secrets, *extra) if s and s in text and s not in asked]


def refused(answer):
    if answer.status_code in REFUSED:
        return True
    location = answer.headers.get("Location", "")
    return answer.status_code in (301, 302, 303) and "login" in location


def call(web, method, url, accept="text/html"):
    data = "{}" if accept == "application/json" and method != "GET" else None
    headers = {"Accept": accept}
    if data:
        headers["Content-Type"] = "application/json"
    return web.request(method, url, data=data, headers=headers, allow_redirects=False,
                       timeout=120)


def app_targets(world):
    """Every URL of A's application to try: (method, url, accept)."""
    base = world.app_url
    subids = world.doc_ids + world.att_ids + [world.msg_id]
    targets = []
    for kind, name, method, traversable in registered(world.app, own_only=False):
        if kind == "service":
            targets.append((method, f"{base}/{name}" if name else base, "application/json"))
            continue
        for verb in ("GET", "POST"):
            targets.append((verb, f"{base}/@@{name}", "text/html"))
            if traversable:
                targets.extend((verb, f"{base}/@@{name}/{sub}", "text/html") for sub in subids)
    targets.extend(("GET", f"{base}/{name}".rstrip("/"), "text/html") for name in PLONE_ON_APP)
    return targets


def test_matrix_is_built_from_the_registry(world):
    names = {name for _kind, name, _m, _t in registered(world.app, own_only=False)}
    # Our own views and services, and plone.restapi's, all found without a list.
    assert {"view", "ricevuta", "allegato", "documento", "integrazione", "messaggio",
            "istruttoria", "@istanza", "@integrazione", "@messaggi", "@workflow",
            "@history", ""} <= names
    assert len(app_targets(world)) > 100


def test_application_refuses_everyone_else(world):
    failures = []
    targets = app_targets(world)
    for who, web in actors(world).items():
        for method, url, accept in targets:
            answer = call(web, method, url, accept)
            if not refused(answer):
                failures.append(f"{who}: {method} {url} -> {answer.status_code}")
            found = leaks(world, answer.text)
            if found:
                failures.append(f"{who}: {method} {url} shows {found}")
    transaction.begin()
    assert api.content.get_state(world.app) == "integration_requested"
    assert failures == [], "\n".join(failures)


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
    for who, web in actors(world).items():
        for index, value in queries:
            answer = web.get(f"{world.base}/@search", timeout=120,
                             params={index: value, "metadata_fields": "_all"},
                             headers={"Accept": "application/json"})
            body = answer.json()
            for echo in ("@id", "batching"):  # the query itself, not data
                body.pop(echo, None)
            found = leaks(world, json.dumps(body, ensure_ascii=False),
                          extra=[world.app.getId()])
            if answer.status_code >= 500 or found:
                failures.append(f"{who}: @search {index}={value} -> {answer.status_code} {found}")
    assert failures == [], "\n".join(failures)
    # The same listing does find A's application for A: the queries are live.
    mine = session(world.a).get(f"{world.base}/@search", params={"applicant_id": world.a},
                                headers={"Accept": "application/json"}, timeout=120).json()
    assert [item["@id"] for item in mine["items"]] == [world.app_url]


def test_type_and_site_show_nothing_of_a(world):
    """Views and services on A's type and the site root, search, catalog
    listings, sitemap and feeds: refused, or public and without A's data."""
    casa_url = f"{world.base}/{world.casa.getId()}"
    fill = {"number": world.app.number, "cf": world.a, "ptype": world.app.portal_type,
            "type": world.casa.getId()}
    targets = []
    for where, obj, url in (("type", world.casa, casa_url), ("root", world.portal, world.base)):
        for kind, name, method, _traversable in registered(obj, own_only=True):
            accept = "application/json" if kind == "service" else "text/html"
            path = f"{url}/{name}" if kind == "service" else f"{url}/@@{name}"
            targets.append((where, name, method, path, accept))
    targets += [("site", u, "GET", f"{world.base}/{u.format(**fill)}", "text/html")
                for u in SITE_URLS]
    targets += [("site", u, "GET", f"{world.base}/{u.format(**fill)}", "application/json")
                for u in JSON_URLS]
    failures = []
    for who, web in actors(world).items():
        for where, name, method, url, accept in targets:
            answer = call(web, method, url, accept)
            # A search echoes what was searched: then A's application must
            # not be listed (its URL) and nothing else of A may appear.
            found = leaks(world, answer.text, url, extra=[world.app.getId()])
            if found:
                failures.append(f"{who}: {method} {url} shows {found}")
            if answer.status_code >= 500 and (where, name) not in UNAVAILABLE:
                failures.append(f"{who}: {method} {url} -> {answer.status_code}")
            allowed = PUBLIC.get((where, name), ((), ""))[0]
            if answer.status_code == 200 and where in ("type", "root") and method == "GET" \
                    and accept == "text/html" and who not in allowed:
                failures.append(f"{who}: {url} answers 200 and is not in the public list")
    assert failures == [], "\n".join(failures)


def test_a_sees_own_data_through_the_same_urls(world):
    """The matrix is meaningful: the same URLs do show A's data to A."""
    web = session(world.a)
    page = web.get(f"{world.base}/area-personale", timeout=120)
    assert page.status_code == 200 and world.app.number in page.text
    assert 'name="robots" content="noindex, nofollow"' in page.text
    assert page.headers["Cache-Control"] == "private, no-store"
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

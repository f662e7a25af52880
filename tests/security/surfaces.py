"""The surfaces of the isolation matrix: every view and REST service of the
product (read from the component registry, so that one added later is tried
without anyone remembering to add it here) and Plone's own surfaces that
apply to applications.

A surface is a :class:`Surface`; its ``key`` names the column of the
expectation table (:mod:`tests.security.expectations`), with ``<id>`` in
place of the ids of A's documents, attachments and message.
"""

from dataclasses import dataclass
from zope.component import getGlobalSiteManager
from zope.interface import Interface
from zope.publisher.interfaces import IPublishTraverse

import json
import re


SERVICE = re.compile(r"^(GET|POST|PATCH|PUT|DELETE)_application_json_(.*)$")
HTML, JSON = "text/html", "application/json"
TRANSITIONS = ("submit", "withdraw", "start_review", "request_integration", "send_integration",
               "resume_review", "accept", "reject", "close")


@dataclass(frozen=True)
class Surface:
    where: str  # "app" (A's application), "b_app" (B's), "type" (A's type), "site"
    key: str  # the column of the table, e.g. "GET @@ricevuta/<id>"
    method: str
    url: str
    accept: str = HTML
    body: object = None
    ours: bool = False  # a view or service of comune.istanze
    changes: bool = False  # would change something if the door were open

    def send(self, web):
        headers = {"Accept": self.accept}
        data = None
        if self.body is not None or (self.accept == JSON and self.method != "GET"):
            data = json.dumps({} if self.body is None else self.body)
            headers["Content-Type"] = "application/json"
        return web.request(self.method, self.url, data=data, headers=headers,
                           allow_redirects=False, timeout=120)


def _ours(factory):
    return any((getattr(c, "__module__", "") or "").startswith("comune.istanze")
               for c in getattr(factory, "__mro__", (factory,)))


def registered(obj, own_only):
    """(kind, name, method, traversable) of the views and services for ``obj``."""
    found = set()
    for reg in getGlobalSiteManager().registeredAdapters():
        if len(reg.required) != 2 or reg.provided is not Interface or not reg.name:
            continue
        if not reg.required[0].providedBy(obj):
            continue
        match = SERVICE.match(reg.name)
        if match:
            if own_only and not _ours(reg.factory):
                continue
            found.add(("service", match.group(2), match.group(1), False))
        elif _ours(reg.factory):
            traversable = isinstance(reg.factory, type) and \
                IPublishTraverse.implementedBy(reg.factory)
            found.add(("view", reg.name, "GET", traversable))
    return sorted(found)


# Plone's services tried below with meaningful bodies (or in the state
# change test); the content itself too.
SPECIAL = ("@workflow", "@sharing", "@users", "@history", "")
# Services that create something when they work (tried in test_state_changes).
CREATES = {("POST", "@istanze")}


def registry_surfaces(where, obj, url, subids=None, own_only=False):
    """Every registered view (GET and POST, and on each sub-id when it
    traverses) and service of ``obj``; plone.restapi's too unless ``own_only``.
    ``subids``: {"<doc>": [ids], "<att>": [ids], ...}."""
    result = []
    ours = set(registered(obj, own_only=True))
    for kind, name, method, traversable in registered(obj, own_only):
        if kind == "service":
            if name in SPECIAL:
                continue
            result.append(Surface(where, f"{method} {name}", method, f"{url}/{name}", JSON,
                                  ours=(kind, name, method, traversable) in ours,
                                  changes=(method, name) in CREATES))
            continue
        for verb in ("GET", "POST"):
            result.append(Surface(where, f"{verb} @@{name}", verb, f"{url}/@@{name}", ours=True))
            if traversable:
                result.extend(Surface(where, f"{verb} @@{name}/{label}", verb,
                                      f"{url}/@@{name}/{sub}", ours=True)
                              for label, ids in (subids or {}).items() for sub in ids)
    return result


# Plone's views and URLs on an application that reveal or change content.
PLONE_ON_APP = ["view", "@@images/image", "@@download/file", "@@display-file", "@@historyview",
                "@@contenthistory", "@@contenthistorypopup", "@@content_status_history",
                "@@sharing", "@@edit",
                "folder_contents", "RSS", "rss.xml", "atom.xml", "base_view",
                "@@iterate_control", "manage_main", "getText", "Title"]
# A citizen tries to open their application to every logged-in user and to
# cut the office off (the two Sharing abuses of the issue).
OPEN_UP = {"inherit": False,
           "entries": [{"id": "AuthenticatedUsers", "type": "group",
                        "roles": {"Reader": True, "Editor": True, "Contributor": True}}]}


def plone_app_surfaces(where, url):
    """Plone's own surfaces on one application (HTML views, REST services)."""
    result = [Surface(where, f"GET {name}", "GET", f"{url}/{name}") for name in PLONE_ON_APP]
    result += [
        Surface(where, "GET @@sharing?search", "GET",
                f"{url}/@@sharing?search_term=Bianchi&form.button.Search=Cerca"),
        Surface(where, "GET @sharing", "GET", f"{url}/@sharing", JSON),
        Surface(where, "GET @sharing?search", "GET", f"{url}/@sharing?search=Bianchi", JSON),
        Surface(where, "POST @sharing", "POST", f"{url}/@sharing", JSON, OPEN_UP, changes=True),
        Surface(where, "GET @workflow", "GET", f"{url}/@workflow", JSON),
        Surface(where, "GET @history", "GET", f"{url}/@history", JSON),
        Surface(where, "GET @navigation", "GET", f"{url}/@navigation", JSON),
        Surface(where, "GET @breadcrumbs", "GET", f"{url}/@breadcrumbs", JSON),
        Surface(where, "GET (content)", "GET", url, JSON),
        Surface(where, "PATCH (content)", "PATCH", url, JSON, {"indirizzo": "Via Falsa 1"},
                changes=True),
        Surface(where, "DELETE (content)", "DELETE", url, JSON, changes=True),
    ]
    # No comment, no data: a transition that needs data must refuse without it.
    result += [Surface(where, f"POST @workflow/{t}", "POST", f"{url}/@workflow/{t}", JSON,
                       {}, changes=True) for t in TRANSITIONS]
    return result


def app_surfaces(world):
    """Every surface of A's application."""
    subids = {"<doc>": world.doc_ids, "<att>": world.att_ids, "<msg>": [world.msg_id]}
    return (registry_surfaces("app", world.app, world.app_url, subids)
            + plone_app_surfaces("app", world.app_url))


def b_app_surfaces(world):
    """B's application (type MENSA): where the staff of MENSA work."""
    from comune.istanze.documents.attachments import attachments_of

    subids = {"<att>": [x.id for x in attachments_of(world.b_app)]}
    return (registry_surfaces("b_app", world.b_app, world.b_app_url, subids)
            + plone_app_surfaces("b_app", world.b_app_url))


SITE_URLS = ["sitemap.xml.gz", "sitemap.xml.gz?page=1", "@@sitemap", "RSS", "rss.xml",
             "atom.xml", "search_rss", "@@search?SearchableText={number}",
             "@@search?SearchableText={cf}", "@@search?SearchableText=Rossi",
             "@@search?portal_type={ptype}", "@@updated_search?SearchableText={number}",
             "@@livesearch_reply?q={number}", "@@ajax-search?SearchableText={number}",
             "portal_catalog/searchResults?applicant_id={cf}", "@@personal-information",
             "@@sharing", "@@sharing?search_term=Rossi&form.button.Search=Cerca",
             "folder_contents", "{type}/RSS", "{type}/rss.xml", "{type}/atom.xml",
             "{type}/folder_contents",
             "{type}/@@folderListing", "{type}/@@sharing", "{type}/@@edit",
             "@@getVocabulary?name=plone.app.vocabularies.Users&query=Rossi",
             "@@getVocabulary?name=plone.app.vocabularies.Principals&query=Rossi",
             "{type}/@@getVocabulary?name=plone.app.vocabularies.Users&query=Rossi",
             "@@member-search?searchstring=Rossi", "author/{cf}", "@@author/{cf}"]
JSON_URLS = ["@search?SearchableText={number}", "@search?applicant_id={cf}&fullobjects=1",
             "@search?portal_type={ptype}&metadata_fields=_all",
             "@search?SearchableText=Rossi&metadata_fields=_all",
             "@navigation", "@breadcrumbs", "@users", "@users?query=Rossi", "@users/{cf}",
             "@sharing?search=Rossi", "{type}/@sharing?search=Rossi",
             "@vocabularies/plone.app.vocabularies.Users?title=Rossi",
             "@vocabularies/plone.app.vocabularies.Principals?title=Rossi",
             "@querystring", "{type}/@querystring", "@principals?search=Rossi", "@groups",
             "{type}?fullobjects=1&expand=navigation", "{type}/@search?metadata_fields=_all",
             "@mie-istanze", "@area-personale", "@messaggi", "@documenti",
             "@vocabularies/comune.istanze.Channels", "@vocabularies/comune.istanze.ANPRData"]


def site_surfaces(world):
    """The views and services of A's type and of the site root, search,
    listings, sitemap, feeds, users and the sharing of A's type."""
    fill = {"number": world.app.number, "cf": world.a, "ptype": world.app.portal_type,
            "type": world.casa.getId()}
    result = []
    for where, obj, url in (("type", world.casa, world.casa_url),
                            ("site", world.portal, world.base)):
        result += registry_surfaces(where, obj, url, own_only=True)
    result += [Surface("site", f"GET {u}", "GET", f"{world.base}/{u.format(**fill)}")
               for u in SITE_URLS]
    result += [Surface("site", f"GET {u}", "GET", f"{world.base}/{u.format(**fill)}", JSON)
               for u in JSON_URLS]
    result.append(Surface("site", "POST @querystring-search", "POST",
                          f"{world.base}/@querystring-search", JSON,
                          {"query": [{"i": "portal_type",
                                      "o": "plone.app.querystring.operation.selection.any",
                                      "v": [world.app.portal_type]}]}))
    return result


def self_surfaces(world, actor_user):
    """What a member does on their own account: read it, forge an identity."""
    if not actor_user:
        return []
    forged = {"fiscal_code": world.a, "loa": "SpidL3", "auth_method": "spid",
              "first_name": "Mario", "last_name": "Rossi"}
    url = f"{world.base}/@users/{actor_user}"
    return [Surface("site", "GET @users/<self>", "GET", url, JSON),
            Surface("site", "PATCH @users/<self>", "PATCH", url, JSON, forged, changes=True)]


def type_delegation(world, actor_user):
    """A member gives themselves Istruttore and Responsabile on A's type."""
    entries = [{"id": actor_user or "AuthenticatedUsers", "type": "user",
                "roles": {"Istruttore": True, "Responsabile": True}}]
    return [Surface("type", "POST @sharing (Istruttore)", "POST", f"{world.casa_url}/@sharing",
                    JSON, {"inherit": True, "entries": entries}, changes=True)]

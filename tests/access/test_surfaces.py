"""Plone's own surfaces are closed for citizens, over real HTTP (issue 10).

Citizen A tries Plone's staff tools on the site root, on a type and on A's
own applications (one submitted, one draft): the Sharing page and REST
``@sharing`` (whose search lists every user with name and codice fiscale),
user/group/principal searches, history views, the state form, folder
contents. Each answer has its exact status and shows nothing of citizen B.
A Site Administrator gets the same searches with B in them: the doors are
live, only closed for citizens.
"""

from comune.istanze.workflow import submission
from plone import api
from tests.fixtures import login
from tests.personal_area.world import build_world
from tests.personal_area.world import json_session
from tests.personal_area.world import session
from tests.personal_area.world import STAFF_PASSWORD

import pytest
import transaction


# (path under each place, expected status for citizen A)
HTML = [
    ("@@sharing", 404),
    ("@@sharing?search_term=Bianchi&form.button.Search=Cerca", 404),
    ("@@updateSharingInfo?search_term=Bianchi", 404),
    ("@@historyview", 404),
    ("@@contenthistorypopup", 404),
    ("@@content_status_history", 404),
]
HTML_FOLDERS = [("folder_contents", 404)]  # root and type (applications are items)
JSON = [
    ("@sharing", 403),
    ("@sharing?search=Bianchi", 403),
    ("@history", 401),
    ("@vocabularies/plone.app.vocabularies.Users?title=Bianchi", 403),
    ("@vocabularies/plone.app.vocabularies.Principals?title=Bianchi", 403),
]
ROOT_HTML = [
    ("author/{b}", 404),  # B's name from B's codice fiscale, and a form to write to B
    ("@@author/{b}", 404),
]
ROOT_JSON = [
    ("@users", 401),
    ("@users?query=Bianchi", 401),
    ("@users/{b}", 401),
    ("@principals?search=Bianchi", 401),
    ("@groups", 401),
    ("@groups?query=Site", 401),
]
# Plone answers 200 with an error or an empty result: what matters is B's absence.
ROOT_HTML_EMPTY = [
    ("@@getVocabulary?name=plone.app.vocabularies.Users&query=Bianchi", 200),
    ("@@member-search?searchstring=Bianchi", 200),
]


@pytest.fixture
def world(functional, functional_portal):
    world = build_world(functional, functional_portal)
    with api.env.adopt_roles(["Manager"]):
        api.user.create(username="siteadmin", email="sa@comune.example",
                        password=STAFF_PASSWORD)
        api.user.grant_roles(username="siteadmin", roles=["Site Administrator"])
    login(functional_portal, world.a)
    draft = submission.create_draft(world.mensa)
    transaction.commit()
    world.draft_url = f"{world.base}/{world.mensa.getId()}/{draft.getId()}"
    world.casa_url = f"{world.base}/{world.casa.getId()}"
    world.b_secrets = [world.b, world.b.lower(), "Giulia Bianchi", "Bianchi Giulia"]
    return world


def places(world):
    return {"root": world.base, "type": world.casa_url, "application": world.app_url,
            "draft": world.draft_url}


def shows_b(world, text):
    return [s for s in world.b_secrets if s in text]


def check(web, url, status, world, failures, method="GET", **kw):
    answer = web.request(method, url, allow_redirects=False, timeout=120, **kw)
    if answer.status_code != status:
        failures.append(f"{method} {url} -> {answer.status_code}, expected {status}")
    if shows_b(world, answer.text):
        failures.append(f"{method} {url} shows {shows_b(world, answer.text)}")
    return answer


def test_citizen_gets_no_plone_tool_anywhere(world):
    html, rest = session(world.a), json_session(world.a)
    failures = []
    for where, base in places(world).items():
        for path, status in HTML + (HTML_FOLDERS if where in ("root", "type") else []):
            check(html, f"{base}/{path}", status, world, failures)
        for path, status in JSON:
            check(rest, f"{base}/{path}", status, world, failures)
        # blocking inheritance or giving "Può vedere" to Utenti collegati
        check(rest, f"{base}/@sharing", 403, world, failures, method="POST",
              json={"inherit": False, "entries": [
                  {"id": "AuthenticatedUsers", "type": "group", "roles": {"Reader": True}}]})
    for path, status in ROOT_JSON:
        check(rest, f"{world.base}/{path.format(b=world.b)}", status, world, failures)
    for path, status in ROOT_HTML:
        check(html, f"{world.base}/{path.format(b=world.b)}", status, world, failures)
    for path, status in ROOT_HTML_EMPTY:
        check(html, f"{world.base}/{path}", status, world, failures)
    transaction.begin()
    assert not getattr(world.app, "__ac_local_roles_block__", None)
    assert dict(world.app.get_local_roles()) == {world.a: ("Richiedente",)}
    assert failures == [], "\n".join(failures)


def test_edit_sends_the_applicant_to_the_form_or_nowhere(world):
    web = session(world.a)
    answer = web.get(f"{world.draft_url}/@@edit", allow_redirects=False, timeout=120)
    assert answer.status_code == 302
    assert answer.headers["Location"] == f"{world.draft_url}/@@compila"
    submitted = web.get(f"{world.app_url}/@@edit", allow_redirects=False, timeout=120)
    # no Modify after submission: Plone's own refusal, the login page
    assert submitted.status_code == 302 and "require_login" in submitted.headers["Location"]


def test_site_administrator_still_has_the_tools(world):
    """The same searches list B for a Site Administrator: the doors are
    real, and closed only for citizens."""
    html, rest = session("siteadmin", STAFF_PASSWORD), json_session("siteadmin", STAFF_PASSWORD)
    sharing = html.get(f"{world.casa_url}/@@sharing",
                       params={"search_term": "Bianchi", "form.button.Search": "Cerca"},
                       timeout=120)
    assert sharing.status_code == 200 and "Giulia Bianchi" in sharing.text
    found = rest.get(f"{world.casa_url}/@sharing", params={"search": "Bianchi"}, timeout=120)
    assert found.status_code == 200 and world.b in found.text
    assert rest.get(f"{world.base}/@users", params={"query": "Bianchi"},
                    timeout=120).status_code == 200
    assert html.get(f"{world.casa_url}/folder_contents", timeout=120).status_code == 200
    assert html.get(f"{world.app_url}/@@historyview", timeout=120).status_code == 200
    author = html.get(f"{world.base}/author/{world.b}", timeout=120)
    assert author.status_code == 200 and "Giulia Bianchi" in author.text

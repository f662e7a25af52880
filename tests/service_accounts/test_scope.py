"""What a service account may reach: only its bound types, only its actions,
none of Plone's tools."""

from comune.istanze.backoffice import audit
from plone import api
from tests.service_accounts.conftest import rel

import uuid


def post(session, url, body, key=None):
    return session.post(url, json=body, headers={"Idempotency-Key": key or uuid.uuid4().hex})


def test_bound_to_one_type_cannot_read_another(sa_office):
    sa, other = sa_office["sa"], sa_office["other"]
    r = sa.get(f"{rel(other)}/@istruttoria")
    assert r.status_code in (401, 403, 404)
    assert other.number not in r.text and "Bianchi" not in r.text
    r = post(sa, f"{rel(other)}/@istruttoria", {"action": "decide", "outcome": "reject",
                                                  "motivation": "no"})
    assert r.status_code in (401, 403, 404) and api.content.get_state(other) == "submitted"
    listed = sa.get("/@scrivania", params={"b_size": 50}).json()["items"]
    assert sorted(i["number"] for i in listed) == sorted(a.number for a in sa_office["apps"])
    r = sa.get(f"{rel(sa_office['mensa'])}/@scrivania")
    assert r.status_code in (401, 403, 404) and other.number not in r.text


def test_an_action_not_allowed_is_refused(sa_office):
    reader, app = sa_office["sa_reader"], sa_office["apps"][0]
    assert reader.get(f"{rel(app)}/@istruttoria").status_code == 200
    r = post(reader, f"{rel(app)}/@istruttoria", {"action": "decide", "outcome": "accept",
                                                    "motivation": "ok"})
    assert r.status_code == 403 and "account di servizio" in r.json()["message"]
    assert api.content.get_state(app) == "submitted"
    for body in ({"action": "note", "text": "x"}, {"action": "assign", "assignee": ""},
                 {"action": "transition", "transition": "start_review"},
                 {"action": "payment", "amount": "10"}, {"action": {"decide": 1}},
                 {"action": ["decide"]}):
        r = post(sa_office["sa"], f"{rel(app)}/@istruttoria", body)
        assert r.status_code == 403, body
    assert not [e for e in audit.entries(sa_office["casa"]) if e["action"] in ("note", "assign")]


def test_plone_tools_are_closed(sa_office):
    sa, app, casa = sa_office["sa"], sa_office["apps"][0], sa_office["casa"]
    for path in ("/@users", "/@groups", f"{rel(app)}/@workflow", f"{rel(casa)}/@sharing",
                 f"{rel(app)}", f"{rel(casa)}", "/@search", "/@service-accounts", "/@types",
                 f"{rel(sa_office['other'])}/@workflow"):
        r = sa.get(path)
        assert r.status_code in (401, 403, 404), (path, r.status_code)
    r = post(sa, f"{rel(app)}/@workflow/start_review", {})
    assert r.status_code in (401, 403, 404) and api.content.get_state(app) == "submitted"
    r = post(sa, f"{rel(casa)}/@sharing", {"entries": [{"id": sa_office["account"].id,
                                                          "roles": {"Responsabile": True}}]})
    assert r.status_code in (401, 403, 404)
    html = sa_office["session"](sa_office["token"], rest=False)
    for path in (f"{rel(casa)}/@@sharing", f"{rel(app)}/@@istruttoria", "/@@overview-controlpanel",
                 f"{rel(app)}/folder_contents", "/@@account-di-servizio"):
        r = html.get(path, allow_redirects=False)
        assert r.status_code in (302, 401, 403, 404), (path, r.status_code)
        assert 'id="edit-zone"' not in r.text and app.number not in r.text


def test_it_is_neither_citizen_nor_staff_member(sa_office):
    account = sa_office["account"]
    portal = sa_office["portal"]
    users = sa_office["manager"].get("/@users", params={"query": "sa-"}).json()
    assert account.id not in str(users)
    assert api.user.get(userid=account.id) is None  # no member, no enumeration
    assert account.id not in dict(sa_office["casa"].get_local_roles())  # nothing stored
    r = post(sa_office["sa"], f"{rel(sa_office['casa'])}/@draft", {})
    assert r.status_code in (401, 403, 404)
    assert len(portal.portal_catalog.unrestrictedSearchResults(Creator=account.id)) == 0

"""Delegation is a Site Administrator's act (issue 10, point 3).

Istruttore and Responsabile need "comune.istanze: Delegate office roles"
(Manager, Site Administrator). An Editor or the creator (Owner) of a type
can share it but cannot give them, neither on the Sharing page nor through
REST ``@sharing``; every grant and removal is in the type's audit log.
"""

from comune.istanze.access.delegation import audit_office_roles
from comune.istanze.backoffice.audit import entries
from plone import api
from tests.fixtures import make_type
from tests.personal_area.world import json_session
from tests.personal_area.world import session
from tests.personal_area.world import STAFF_PASSWORD

import pytest
import re
import transaction


def _user(user_id, roles=(), obj=None):
    api.user.create(username=user_id, email=f"{user_id}@comune.example",
                    password=STAFF_PASSWORD, properties={"fullname": user_id.title()})
    if roles:
        api.user.grant_roles(username=user_id, roles=list(roles), obj=obj)


@pytest.fixture
def office(functional, functional_portal):
    portal = functional_portal
    casa = make_type(portal, code="CASA", title="Contributo affitto")
    with api.env.adopt_roles(["Manager"]):
        _user("redattore", ["Editor", "Contributor"])
        _user("creatore", ["Contributor"])  # made the type: its Owner
        api.user.grant_roles(username="creatore", obj=casa, roles=["Owner"])
        _user("siteadmin", ["Site Administrator"])
        _user("nuovo")
    transaction.commit()
    base = f"http://{functional['host']}:{functional['port']}/{portal.getId()}"
    return {"portal": portal, "casa": casa, "url": f"{base}/{casa.getId()}"}


def office_roles_of(casa, user_id):
    transaction.begin()
    return {r for r in casa.get_local_roles_for_userid(user_id)
            if r in ("Istruttore", "Responsabile")}


def sharing_form_post(user_id, url, target, roles):
    web = session(user_id, STAFF_PASSWORD)
    page = web.get(f"{url}/@@sharing", timeout=120)
    token = re.search(r'name="_authenticator"\s+value="([^"]+)"', page.text)
    data = {"form.submitted": "1", "form.button.Save": "Salva",
            "_authenticator": token.group(1) if token else "",
            "entries.id:records": target, "entries.type:records": "user"}
    for role in roles:
        data[f"entries.role_{role}:records"] = "True"
    answer = web.post(f"{url}/@@sharing", data=data, timeout=120)
    return page, answer


def rest_post(user_id, url, target, roles):
    return json_session(user_id, STAFF_PASSWORD).post(
        f"{url}/@sharing", timeout=120,
        json={"entries": [{"id": target, "type": "user", "roles": {r: True for r in roles}}]})


@pytest.mark.parametrize("user_id", ["redattore", "creatore"])
def test_editor_and_creator_cannot_give_office_roles(office, user_id):
    page, _answer = sharing_form_post(user_id, office["url"], user_id,
                                      ["Istruttore", "Responsabile"])
    assert page.status_code == 200  # they may share the type (Reader, Editor...)
    assert "Istruttore (lavora le istanze)" not in page.text
    assert "Responsabile (accoglie e respinge)" not in page.text
    assert office_roles_of(office["casa"], user_id) == set()
    answer = rest_post(user_id, office["url"], user_id, ["Istruttore", "Responsabile"])
    assert answer.status_code == 204  # Plone drops roles the caller may not delegate
    listed = json_session(user_id, STAFF_PASSWORD).get(f"{office['url']}/@sharing", timeout=120)
    assert "Istruttore" not in {r["id"] for r in listed.json()["available_roles"]}
    assert office_roles_of(office["casa"], user_id) == set()
    assert not [e for e in entries(office["casa"]) if e["action"].startswith("role_")]


def test_site_administrator_grants_and_removes_and_both_are_audited(office):
    casa, url = office["casa"], office["url"]
    page, answer = sharing_form_post("siteadmin", url, "nuovo", ["Istruttore"])
    assert "Istruttore (lavora le istanze)" in page.text and answer.status_code == 200
    assert office_roles_of(casa, "nuovo") == {"Istruttore"}
    assert rest_post("siteadmin", url, "nuovo", ["Responsabile"]).status_code == 204
    assert office_roles_of(casa, "nuovo") == {"Responsabile"}  # Istruttore unticked
    log = [(e["who"], e["action"], e["detail"]) for e in entries(casa)
           if e["action"].startswith("role_")]
    assert log == [("siteadmin", "role_granted", "Istruttore: nuovo"),
                   ("siteadmin", "role_granted", "Responsabile: nuovo"),
                   ("siteadmin", "role_revoked", "Istruttore: nuovo")]


def test_a_script_grant_is_logged_when_audited(portal):
    casa = make_type(portal)
    with api.env.adopt_roles(["Manager"]):
        _user("da_script")
        api.user.grant_roles(username="da_script", obj=casa, roles=["Responsabile", "Reader"])
        assert [e["detail"] for e in audit_office_roles(casa)] == ["Responsabile: da_script"]
        assert audit_office_roles(casa) == []  # nothing new
        api.user.revoke_roles(username="da_script", obj=casa, roles=["Responsabile"])
        assert [(e["action"], e["detail"]) for e in audit_office_roles(casa)] == [
            ("role_revoked", "Responsabile: da_script")]

"""Back office and rankings through plone.restapi (real HTTP, functional layer)."""

from plone import api
from tests.fixtures import login
from tests.fixtures import CITIZEN_PASSWORD
from tests.fixtures import make_citizen
from tests.fixtures import make_staff
from tests.fixtures import make_type
from tests.fixtures import submit_as

import pytest
import transaction


STAFF_PASSWORD = "staff-Password-1"


@pytest.fixture
def rest_office(functional_portal, request_factory):
    portal = functional_portal
    casa = make_type(portal, code="CASA", title="Contributo affitto")
    mario = make_citizen("Mario", "Rossi")
    apps = [submit_as(portal, casa, mario, isee=float(1000 * i)) for i in (1, 2)]
    make_staff("istruttore", casa, "Istruttore")
    make_staff("responsabile", casa, "Responsabile")
    transaction.commit()
    return {
        "casa": casa, "apps": apps,
        "staff": request_factory(basic_auth=("istruttore", STAFF_PASSWORD)),
        "boss": request_factory(basic_auth=("responsabile", STAFF_PASSWORD)),
        "citizen": request_factory(basic_auth=(mario.getId(), CITIZEN_PASSWORD)),
        "anon": request_factory(),
    }


def test_inbox_and_staff_actions(rest_office):
    staff, boss, citizen = rest_office["staff"], rest_office["boss"], rest_office["citizen"]
    app = rest_office["apps"][0]
    rel = app.absolute_url(relative=1).split("/", 1)[1]
    r = staff.get("/@scrivania", params={"text": app.number})
    assert r.status_code == 200 and [i["number"] for i in r.json()["items"]] == [app.number]
    assert staff.get("/@scrivania", params={"state": "nope"}).json()["error"]["message"].startswith("Stato non valido")
    assert citizen.get("/@scrivania").status_code == 403
    r = staff.post(f"/{rel}/@istruttoria", json={"action": "note", "text": "Verificare ISEE"})
    assert r.status_code == 200
    r = staff.post(f"/{rel}/@istruttoria", json={"action": "decide", "outcome": "accept", "motivation": "ok"})
    assert r.status_code == 403 and "permessi" in r.json()["error"]["message"]
    r = staff.post(f"/{rel}/@istruttoria", json={"action": "integration", "text": "Serve la ricevuta",
                                                 "deadline": "2099-01-01T12:00"})
    assert r.json()["review_state"] == "integration_requested"
    data = staff.get(f"/{rel}/@istruttoria").json()
    assert data["notes"][0]["text"] == "Verificare ISEE"
    assert data["messages"][0]["kind"] == "integration_request"
    assert citizen.get(f"/{rel}/@istruttoria").status_code in (401, 403)
    r = citizen.post(f"/{rel}/@istruttoria", json={"action": "note", "text": "x"})
    assert r.status_code in (401, 403)


def test_ranking_over_rest(rest_office):
    staff, boss = rest_office["staff"], rest_office["boss"]
    rel = rest_office["casa"].absolute_url(relative=1).split("/", 1)[1]
    assert staff.post(f"/{rel}/@graduatoria", json={"action": "rules", "rules": {"rules": [
        {"kind": "eval", "field": "isee"}]}}).status_code == 400
    rules = {"rules": [{"kind": "ranges", "field": "isee", "ranges": [{"min": 0, "max": 1500, "points": 5}]},
                       {"kind": "per_unit", "field": "componenti", "points": 1}],
             "tie_breakers": [{"field": "submitted", "order": "asc"}]}
    assert staff.post(f"/{rel}/@graduatoria", json={"action": "rules", "rules": rules}).status_code == 200
    assert staff.post(f"/{rel}/@graduatoria", json={"action": "compute"}).json()["ranked"] == 2
    anon = rest_office["anon"]
    assert anon.get(f"/{rel}/@graduatoria").status_code == 404
    r = staff.post(f"/{rel}/@graduatoria", json={"action": "adjust", "number": rest_office["apps"][1].number,
                                                 "points": 10, "motivation": ""})
    assert r.status_code == 400 and "motivazione" in r.json()["error"]["message"]
    staff.post(f"/{rel}/@graduatoria", json={"action": "publish"})
    public = anon.get(f"/{rel}/@graduatoria").json()
    assert public["phase"] == "provisional" and "rules" not in public
    assert [i["number"] for i in public["items"]] == [a.number for a in rest_office["apps"]]
    assert "Rossi" not in str(public)
    r = staff.post(f"/{rel}/@graduatoria", json={"action": "bulk", "mode": "first_n", "count": 1})
    assert r.status_code == 403

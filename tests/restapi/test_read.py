"""Reading over REST: types with their schema, my applications, one application."""

from comune.istanze.backoffice import audit
from datetime import datetime
from datetime import timedelta
from plone import api
from tests.fixtures import make_type
from tests.restapi.conftest import body

import hashlib
import pytest
import transaction


STAFF_PASSWORD = "secret-Istruttore-1"


def submitted(session, type_obj, **kw):
    resp = session.post(f"{type_obj.getId()}/@istanze", json=body(**kw))
    assert resp.status_code == 201, resp.text
    return resp.json()


def staff(portal, request_factory, username, type_obj):
    transaction.begin()  # see what the server committed meanwhile
    with api.env.adopt_roles(["Manager"]):
        api.user.create(username=username, email=f"{username}@comune.example", password=STAFF_PASSWORD)
        api.user.grant_roles(username=username, obj=type_obj, roles=["Istruttore"])
    transaction.commit()
    return request_factory(basic_auth=(username, STAFF_PASSWORD))


# -- @istanze-tipologie and @types ------------------------------------------


def test_open_types_for_anonymous(functional_portal, rest_type, anon_request):
    past = datetime.now() - timedelta(days=10)
    make_type(functional_portal, code="CHIUSO", title="Bando chiuso",
              opening=past - timedelta(days=5), closing=past)
    transaction.commit()
    resp = anon_request.get("@istanze-tipologie")
    assert resp.status_code == 200, resp.text
    [info] = resp.json()
    assert info["code"] == "CONTAFF" and info["portal_type"] == "istanza_contaff"
    assert info["is_open"] is True and info["min_loa"] == "SpidL2"
    assert info["applicant_kinds"] == ["self", "family"]
    assert info["form_version"] == 1
    assert info["attachments"] == [{"name": "Contratto di locazione", "required": True,
                                    "mime_types": ["pdf"], "max_size_mb": 1,
                                    "signature_required": False, "signer_applicant": False}]
    schema = info["schema"]
    assert schema["properties"]["isee"]["title"] == "Valore ISEE"
    assert schema["properties"]["componenti"]["minimum"] == 1
    assert {"componenti", "isee", "indirizzo"} <= set(schema["required"])
    assert "applicant_id" not in schema["properties"]
    assert [f["id"] for f in schema["fieldsets"]][-2:] == ["nucleo", "alloggio"]
    everything = anon_request.get("@istanze-tipologie?include_closed=true").json()
    assert sorted(t["code"] for t in everything) == ["CHIUSO", "CONTAFF"]
    assert [t["is_open"] for t in everything if t["code"] == "CHIUSO"] == [False]


def test_types_schema_matches_builtin_types_endpoint(rest_type, mario):
    builtin = mario.get("@types/istanza_contaff")
    assert builtin.status_code == 200, builtin.text
    ours = [t for t in mario.get("@istanze-tipologie").json() if t["code"] == "CONTAFF"][0]
    assert builtin.json()["properties"] == ours["schema"]["properties"]
    assert builtin.json()["properties"]["indirizzo"]["title"] == "Indirizzo dell'alloggio"


# -- @mie-istanze -------------------------------------------------------------


def test_my_applications(rest_type, mario, giulia, anon_request):
    first = submitted(mario, rest_type)
    second = submitted(mario, rest_type)
    draft = submitted(mario, rest_type, submit=False, data={}, attachments=[])
    submitted(giulia, rest_type)
    resp = mario.get("@mie-istanze")
    assert resp.status_code == 200, resp.text
    assert resp.headers["Cache-Control"] == "private, no-store"
    data = resp.json()
    assert data["items_total"] == 3
    assert [i["id"] for i in data["items"]] == [draft["id"], second["id"], first["id"]]
    one = [i for i in data["items"] if i["id"] == first["id"]][0]
    assert one["number"] == first["number"] and one["type"] == "CONTAFF"
    assert one["review_state"] == "submitted" and one["review_state_title"] == "Presentata"
    assert one["type_title"] == "Contributo affitto" and one["submitted"]
    assert one["@id"].endswith(f"/{rest_type.getId()}/{first['id']}")
    drafts = mario.get("@mie-istanze?review_state=draft").json()
    assert [i["id"] for i in drafts["items"]] == [draft["id"]]
    page = mario.get("@mie-istanze?b_size=2").json()
    assert len(page["items"]) == 2 and "next" in page["batching"]
    rest = mario.get(page["batching"]["next"]).json()
    assert len(rest["items"]) == 1
    assert anon_request.get("@mie-istanze").status_code == 401


# -- @istanza -------------------------------------------------------------------


def test_application_for_its_owner(rest_type, mario):
    app = submitted(mario, rest_type)
    resp = mario.get(f"{rest_type.getId()}/{app['id']}/@istanza")
    assert resp.status_code == 200, resp.text
    data = resp.json()
    assert data["number"] == app["number"] and data["review_state"] == "submitted"
    assert data["applicant"]["id"] == mario.user_id
    assert data["applicant"]["name"] == "Mario Rossi"
    assert data["auth_method"] == "spid" and data["loa"] == "SpidL2"
    rows = {r["name"]: r for s in data["answers"] for r in s["rows"]}
    assert rows["isee"]["title"] == "Valore ISEE"
    assert rows["isee"]["value"] == 9000.5 and rows["isee"]["text"] == "9.000,50"
    assert rows["canone"]["text"] == "—"
    [att] = data["attachments"]
    assert att["name"] == "Contratto di locazione" and att["filename"] == "contratto.pdf"
    assert att["sha256"] == hashlib.sha256(mario.get(att["download"]).content).hexdigest()
    assert [(h["action"], h["state"]) for h in data["history"]] == [(None, "draft"), ("submit", "submitted")]
    assert data["history"][-1]["actor"] == mario.user_id and data["history"][-1]["time"]


def test_application_keeps_its_form_version(rest_type, mario):
    from zope.event import notify
    from zope.lifecycleevent import ObjectModifiedEvent

    app = submitted(mario, rest_type)
    transaction.begin()
    with api.env.adopt_roles(["Manager"]):
        rest_type.form_model = rest_type.form_model.replace("Valore ISEE", "ISEE ordinario 2026")
        notify(ObjectModifiedEvent(rest_type))
    transaction.commit()
    data = mario.get(f"{rest_type.getId()}/{app['id']}/@istanza").json()
    assert data["form_version"] == 1
    rows = {r["name"]: r for s in data["answers"] for r in s["rows"]}
    assert rows["isee"]["title"] == "Valore ISEE"
    types = mario.get("@istanze-tipologie").json()
    assert types[0]["form_version"] == 2
    assert types[0]["schema"]["properties"]["isee"]["title"] == "ISEE ordinario 2026"


def test_application_for_staff_of_its_type(functional_portal, request_factory, rest_type, mario):
    app = submitted(mario, rest_type)
    istruttore = staff(functional_portal, request_factory, "istruttore", rest_type)
    resp = istruttore.get(f"{rest_type.getId()}/{app['id']}/@istanza")
    assert resp.status_code == 200, resp.text
    assert resp.json()["number"] == app["number"]
    mario.get(f"{rest_type.getId()}/{app['id']}/@istanza")  # the applicant: not audited
    transaction.begin()
    reads = [(e["who"], e["action"], e["number"]) for e in audit.entries(rest_type)]
    assert reads == [("istruttore", "read", app["number"])]


@pytest.mark.parametrize("who", ["other-citizen", "anonymous", "staff-of-another-type"])
def test_application_refused_to_others(functional_portal, request_factory, rest_type,
                                       mario, giulia, anon_request, who):
    app = submitted(mario, rest_type)
    draft = submitted(mario, rest_type, submit=False)
    if who == "other-citizen":
        session = giulia
    elif who == "anonymous":
        session = anon_request
    else:
        transaction.begin()
        other = make_type(functional_portal, code="ALTRO", title="Altro servizio")
        transaction.commit()
        session = staff(functional_portal, request_factory, "istruttore-altro", other)
    for target in (app, draft):
        url = f"{rest_type.getId()}/{target['id']}"
        for resp in (session.get(f"{url}/@istanza"), session.get(url)):
            assert resp.status_code in (401, 403, 404), resp.text
            for secret in (app["number"], "Mario Rossi", mario.user_id, "Via Roma", "9000"):
                assert secret not in resp.text
    listing = session.get("@mie-istanze")
    assert app["number"] not in listing.text and mario.user_id not in listing.text


def test_beneficiary_does_not_see_it(rest_type, mario, giulia):
    app = submitted(mario, rest_type, applicant_kind="family",
                    beneficiary={"fiscal_code": giulia.user_id, "name": "Giulia Bianchi"})
    assert mario.get(f"{rest_type.getId()}/{app['id']}/@istanza").json()["beneficiary"] == {
        "fiscal_code": giulia.user_id, "name": "Giulia Bianchi"}
    assert giulia.get("@mie-istanze").json()["items_total"] == 0
    resp = giulia.get(f"{rest_type.getId()}/{app['id']}/@istanza")
    assert resp.status_code in (401, 403, 404) and app["number"] not in resp.text

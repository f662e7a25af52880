"""The front desk over HTTP: the pages and the REST flow, refusals store nothing."""

from tests.fixtures import make_citizen
from tests.fixtures import make_staff
from tests.fixtures import make_type
from tests.frontdesk.helpers import desk_form
from tests.frontdesk.helpers import drawn_png
from tests.frontdesk.helpers import make_operator
from tests.frontdesk.helpers import OPERATOR
from tests.personal_area.world import json_session
from tests.personal_area.world import session
from tests.personal_area.world import STAFF_PASSWORD
from tests.restapi.conftest import ANSWERS
from tests.restapi.conftest import attachment
from tests.restapi.conftest import b64
from tests.restapi.conftest import PDF

import pytest
import re
import transaction


@pytest.fixture
def desk(functional, functional_portal):
    portal = functional_portal
    casa = make_type(portal, code="CASA", title="Contributo affitto")
    make_operator(casa)
    make_operator(casa, "altro_sportello")
    make_staff("istruttore", casa, "Istruttore")
    citizen = make_citizen("Mario", "Rossi")
    transaction.commit()
    base = f"http://{functional['host']}:{functional['port']}/{portal.getId()}"
    return {"casa": casa, "base": base, "type_url": f"{base}/{casa.getId()}", "citizen": citizen}


def stored_ids(type_obj):
    transaction.begin()
    return list(type_obj.objectIds())


def operator(user_id=OPERATOR):
    return json_session(user_id, STAFF_PASSWORD)


def test_rest_bad_identification_stores_nothing(desk):
    reply = operator().post(f"{desk['type_url']}/@sportello", timeout=60,
                            json=desk_form(fiscal_code="RSSMRA80A01Z999X", document_number=""))
    assert reply.status_code == 400
    fields = {e["field"]: e["message"] for e in reply.json()["error"]["errors"]}
    assert "codice fiscale non è valido" in fields["fiscal_code"]
    assert "numero del documento" in fields["document_number"]
    assert stored_ids(desk["casa"]) == []


def test_rest_front_desk_flow(desk):
    web = operator()
    reply = web.post(f"{desk['type_url']}/@sportello", json=desk_form(), timeout=60)
    assert reply.status_code == 201, reply.text
    draft = reply.json()["@id"]
    assert reply.json()["channel"] == "sportello"
    assert reply.json()["applicant_id"] == desk_form()["fiscal_code"]
    assert web.patch(draft, json=ANSWERS, timeout=60).status_code == 204
    assert web.post(f"{draft}/@istanze-allegati", json=attachment(), timeout=60).status_code == 201
    refused = web.post(f"{draft}/@istanze-invia", timeout=60)
    assert refused.status_code == 400 and "Manca la firma" in refused.json()["error"]["message"]
    other = operator("altro_sportello").post(f"{draft}/@firma-sportello", timeout=60,
                                             json={"firma_disegnata": drawn_png()})
    assert other.status_code == 404  # another operator's draft
    empty = web.post(f"{draft}/@firma-sportello", json={"firma_disegnata": drawn_png(False)}, timeout=60)
    assert empty.status_code == 400 and "vuota" in empty.json()["error"]["message"]
    signed = web.post(f"{draft}/@firma-sportello", json={"data": b64(PDF), "filename": "firma.pdf"},
                      timeout=60)
    assert signed.status_code == 201 and signed.json()["mime"] == "application/pdf"
    sent = web.post(f"{draft}/@istanze-invia", timeout=60)
    assert sent.status_code == 200 and sent.json()["review_state"] == "submitted"
    assert web.get(draft, timeout=60).status_code in (401, 403, 404)  # nothing after submission
    assert web.patch(draft, json={"componenti": 9}, timeout=60).status_code in (401, 403, 404)


def test_citizens_cannot_reach_the_desk(desk):
    citizen = json_session(desk["citizen"].getId())
    assert citizen.post(f"{desk['type_url']}/@sportello", json=desk_form(), timeout=60).status_code == 404
    assert session(desk["citizen"].getId()).get(f"{desk['base']}/@@sportello", timeout=60).status_code == 404
    anonymous = session().get(f"{desk['base']}/@@sportello", timeout=60, allow_redirects=False)
    assert anonymous.status_code == 302 and "login" in anonymous.headers["Location"]
    assert stored_ids(desk["casa"]) == []


def desk_page(web, base):
    page = web.get(f"{base}/@@sportello", timeout=60)
    token = re.search(r'name="_authenticator"\s+value="([^"]+)"', page.text).group(1)
    uid = re.search(r'<option value="([0-9a-f]{32})"', page.text).group(1)
    return token, uid


def test_page_bad_identification_shows_errors_and_stores_nothing(desk):
    web = session(OPERATOR, STAFF_PASSWORD)
    token, uid = desk_page(web, desk["base"])
    form = desk_form(fiscal_code="ABCDEF12G34H567I", document_type="")
    page = web.post(f"{desk['base']}/@@sportello", timeout=60,
                    data=dict(form, _authenticator=token, tipologia=uid, **{"form.submitted": "1"}))
    assert page.status_code == 200
    assert "Il codice fiscale non è valido" in page.text
    assert "Scegli il tipo di documento di identità esibito" in page.text
    assert stored_ids(desk["casa"]) == []


def test_page_starts_the_draft_and_takes_a_scanned_signature(desk):
    web = session(OPERATOR, STAFF_PASSWORD)
    token, uid = desk_page(web, desk["base"])
    page = web.post(f"{desk['base']}/@@sportello", timeout=60,
                    data=dict(desk_form(), _authenticator=token, tipologia=uid, **{"form.submitted": "1"}))
    assert page.status_code == 200 and "@@compila" in page.url
    assert "Carla" in page.text  # the applicant step shows the citizen, not the operator
    draft = page.url.split("/@@compila")[0]
    pdf = web.get(f"{draft}/@@riepilogo-da-firmare.pdf", timeout=60)
    assert pdf.headers["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    firma = web.get(f"{draft}/@@firma-sportello", timeout=60)
    assert firma.status_code == 200 and "Firma su carta" in firma.text
    for other in (session("altro_sportello", STAFF_PASSWORD), session(desk["citizen"].getId())):
        assert other.get(f"{draft}/@@firma-sportello", timeout=60).status_code == 404
    missing = web.post(f"{draft}/@@firma-sportello", data={"_authenticator": token}, timeout=60)
    assert "Carica la scansione del riepilogo firmato" in missing.text
    done = web.post(f"{draft}/@@firma-sportello", data={"_authenticator": token}, timeout=60,
                    files={"scansione": ("firma.pdf", PDF, "application/pdf")})
    assert "step=riepilogo" in done.url and "La firma del cittadino sul riepilogo è stata acquisita" in done.text


def test_staff_see_who_filed_it(desk):
    from plone import api

    web = operator()
    draft = web.post(f"{desk['type_url']}/@sportello", json=desk_form(), timeout=60).json()["@id"]
    web.patch(draft, json=ANSWERS, timeout=60)
    web.post(f"{draft}/@istanze-allegati", json=attachment(), timeout=60)
    web.post(f"{draft}/@firma-sportello", json={"firma_disegnata": drawn_png()}, timeout=60)
    assert web.post(f"{draft}/@istanze-invia", timeout=60).status_code == 200
    staff = session("istruttore", "staff-Password-1")
    note = f"Presentata allo sportello da {OPERATOR.title()}"
    assert note in staff.get(f"{draft}/@@istruttoria", timeout=60).text
    assert note in staff.get(f"{desk['type_url']}/@@scrivania", timeout=60).text
    rows = json_session("istruttore", "staff-Password-1").get(f"{desk['type_url']}/@scrivania",
                                                              timeout=60).json()["items"]
    assert [(r["channel"], r["channel_note"]) for r in rows] == [("sportello", note)]
    full = json_session("istruttore", "staff-Password-1").get(f"{draft}/@istanza", timeout=60).json()
    assert full["channel"] == "sportello" and full["frontdesk"]["document_type"] == "carta_identita"
    transaction.begin()
    assert api.content.get_state(desk["casa"][draft.rsplit("/", 1)[1]]) == "submitted"

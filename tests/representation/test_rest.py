"""REST: the same choice in ``@istanze`` (create and submit), the replies,
the staff application JSON and ``@mie-istanze``."""

from comune.istanze.documents.attachments import attachments_of
from tests.fixtures import http_session
from tests.journey.conftest import real_png
from tests.representation.conftest import CLIENT_CF
from tests.representation.conftest import COMPANY_CODE
from tests.restapi.conftest import applications
from tests.restapi.conftest import b64
from tests.restapi.conftest import body
from tests.restapi.conftest import PDF

import pytest
import requests
import transaction


COMPANY = {"name": "ACME S.r.l.", "tax_id": COMPANY_CODE, "seat": "Via Roma 1, Firenze"}
PROCURA = {"filename": "procura.pdf", "content-type": "application/pdf", "data": b64(PDF)}


@pytest.fixture
def rest(rep):
    mario = http_session(rep.mario, session=requests.Session())
    mario.headers["Accept"] = "application/json"
    rep.mario_session = mario
    rep.url = rep.both.absolute_url()
    return rep


def post(rep, type_url=None, **changes):
    return rep.mario_session.post(f"{type_url or rep.url}/@istanze", json=body(**changes))


def test_company_through_rest_and_staff_json(rest):
    resp = post(rest, applicant_kind="association", represented=COMPANY)
    assert resp.status_code == 201, resp.text
    data = resp.json()
    assert data["review_state"] == "submitted"
    assert data["representation"]["kind"] == "legale_rappresentante"
    assert data["representation"]["acting_for"] == f"per ACME S.r.l. (P.IVA {COMPANY_CODE})"
    assert data["representation"]["statement"].startswith(
        "Istanza presentata da Mario Rossi in qualità di legale rappresentante di ACME S.r.l.")
    staff = requests.Session()
    staff.auth = ("istruttore", "staff-Password-1")
    staff.headers["Accept"] = "application/json"
    full = staff.get(f"{data['@id']}/@istanza")
    assert full.status_code == 200, full.text
    rep = full.json()["representation"]
    assert (rep["subject_code"], rep["subject_name"], rep["subject_seat"]) == (
        COMPANY_CODE, "ACME S.r.l.", "Via Roma 1, Firenze")
    mine = rest.mario_session.get(f"{rest.portal.absolute_url()}/@mie-istanze")
    assert mine.status_code == 200, mine.text
    (item,) = [i for i in mine.json()["items"] if i["id"] == data["id"]]
    assert item["acting_for"] == f"per ACME S.r.l. (P.IVA {COMPANY_CODE})"


def test_professional_with_procura_through_rest(rest):
    resp = post(rest, applicant_kind="professional",
                represented={"name": "Carla Neri", "tax_id": CLIENT_CF, "procura": PROCURA,
                             "register_number": "Albo dei geometri n. 55"})
    assert resp.status_code == 201, resp.text
    transaction.begin()
    app = rest.both[resp.json()["id"]]
    procura = [a for a in attachments_of(app) if a.id == app.representation["attachment_id"]]
    assert procura and procura[0].spec == "Procura (atto di incarico)"
    assert resp.json()["representation"]["procura"].endswith(f"/@@allegato/{procura[0].id}")


@pytest.mark.parametrize("represented, field, fragment", [
    ({"name": "Carla Neri", "tax_id": CLIENT_CF}, "represented.procura", "Allega la procura"),
    ({"name": "Carla Neri", "tax_id": "RSSMRA80A01Z999", "procura": PROCURA}, "represented.tax_id",
     "Il codice fiscale del cliente non è valido"),
    ({"name": "", "tax_id": CLIENT_CF, "procura": PROCURA}, "represented.name",
     "Indica nome e cognome o denominazione del cliente"),
    ({"name": "Carla Neri", "tax_id": CLIENT_CF, "procura": "non un oggetto"}, "represented.procura",
     "«procura» deve essere un oggetto"),
    ({"name": "Carla Neri", "tax_id": CLIENT_CF, "procura": dict(PROCURA, data=b64(real_png()))},
     "attachments", "non è di un tipo ammesso"),
], ids=["no-procura", "bad-client-cf", "no-name", "procura-not-object", "procura-png"])
def test_professional_refusals_store_nothing(rest, represented, field, fragment):
    resp = post(rest, applicant_kind="professional", represented=represented)
    assert resp.status_code == 400, resp.text
    error = resp.json()["error"]
    assert fragment in error["message"] and error["field"] in (field, "represented.procura")
    assert applications(rest.both) == []


def test_bad_partita_iva_lists_every_error(rest):
    resp = post(rest, applicant_kind="association",
                represented={"name": "", "tax_id": COMPANY_CODE[:-1] + "9", "seat": ""})
    assert resp.status_code == 400, resp.text
    fields = {e["field"] for e in resp.json()["error"]["errors"]}
    assert fields == {"represented.name", "represented.tax_id", "represented.seat"}
    assert applications(rest.both) == []


def test_type_for_oneself_refuses_representation(rest):
    resp = post(rest, type_url=rest.only_self.absolute_url(), applicant_kind="association",
                represented=COMPANY)
    assert resp.status_code == 403, resp.text
    assert "non ammette istanze presentate in questa veste" in resp.json()["error"]["message"]
    assert applications(rest.only_self) == []

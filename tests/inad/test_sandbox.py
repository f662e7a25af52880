"""The sandbox INAD: answers in the spec's shapes, checks voucher and ModI
headers on every call, obeys its hooks."""

from comune.istanze.integrations.pdnd.interfaces import Audit
from sandbox import SIMULATORS
from sandbox.inad import AUDIENCE
from sandbox.inad import BASE_PATH
from sandbox.inad import PURPOSE_ID
from sandbox.inad.schemas import errors
from sandbox.oidc_broker.identities import CITIZENS

import json
import pytest
import requests
import time


CF = {c["given_name"]: c["fiscal_code"] for c in CITIZENS}
REF = "CONTAFF-2026-000001"


@pytest.fixture
def call(inad, pdnd_client):
    """call(method, path, payload=None, **params) signed like the product does."""
    def call(method, path, payload=None, headers=None, audit=None, **params):
        url = inad.base + BASE_PATH + path
        body = json.dumps(payload).encode() if payload is not None else None
        signed = pdnd_client.headers(PURPOSE_ID, method, url, body, AUDIENCE, audit=audit)
        signed.update(headers or {})
        return requests.request(method, url, params=params, data=body, headers=signed,
                                allow_redirects=False, timeout=5)
    return call


def test_extract_answers_the_spec_shape(call):
    answer = call("GET", f"/extract/{CF['Paolo']}", practicalReference=REF)
    assert answer.status_code == 200
    data = answer.json()
    assert errors("Response_Request_Digital_Address", data) == []  # ceased: usageInfo sent
    assert data["digitalAddress"][0]["usageInfo"]["motivation"] == "CESSAZIONE_VOLONTARIA"
    active = call("GET", f"/extract/{CF['Francesca']}", practicalReference=REF).json()
    assert active["digitalAddress"][0]["practicedProfession"] == "Avvocato"
    # the documented deviation: an active domicile has no usageInfo (a cessation)
    assert errors("Response_Request_Digital_Address", active) == [
        "digitalAddress/0: 'usageInfo' is a required property"]


def test_unknown_citizen_and_bad_requests_answer_errore(call):
    missing = call("GET", f"/extract/{CF['Luca']}", practicalReference=REF)
    assert missing.status_code == 404 and errors("Errore", missing.json()) == []
    assert missing.headers["Content-Type"] == "application/problem+json"
    bad = call("GET", "/extract/XYZ", practicalReference=REF)
    assert bad.status_code == 400 and bad.json()["type"] == "BAD_REQUEST"
    noref = call("GET", f"/extract/{CF['Mario']}")
    assert noref.status_code == 400 and "practicalReference" in noref.json()["detail"]
    verify = call("GET", f"/verify/{CF['Mario']}", digital_address="mario.rossi@pec.cittadini"
                  ".example", since="2025-01-01", practicalReference=REF)
    assert verify.json()["outcome"] is True
    assert errors("Response_Verify_Digital_Address", verify.json()) == []


def test_every_call_needs_voucher_and_modi_headers(inad, call):
    url = inad.base + BASE_PATH + f"/extract/{CF['Mario']}"
    bare = requests.get(url, params={"practicalReference": REF}, timeout=5)
    assert bare.status_code == 401 and bare.json()["type"] == "UNAUTHORIZED"
    no_audit = call("GET", f"/extract/{CF['Mario']}", practicalReference=REF,
                    headers={"Agid-JWT-TrackingEvidence": ""})
    assert no_audit.status_code == 400 and "TrackingEvidence" in no_audit.json()["detail"]
    tampered = call("POST", "/listDigitalAddress", {"codiciFiscali": [CF["Mario"]],
                                                    "praticalReference": REF},
                    headers={"Digest": "SHA-256=AAAA"})
    assert tampered.status_code == 400 and "Digest" in tampered.json()["detail"]
    assert inad.log() == []  # nothing served


def test_list_flow_with_location_headers(call, inad):
    asked = call("POST", "/listDigitalAddress", {"codiciFiscali": [CF["Mario"], CF["Luca"]],
                                                 "praticalReference": REF},
                 audit=Audit("op-1", "anagrafe", "LoA3"))
    assert asked.status_code == 202
    data = asked.json()
    assert errors("Response_Request_List_Digital_Address", data) == []
    assert asked.headers["Location"] == f"{BASE_PATH}/listDigitalAddress/state/{data['id']}"
    early = call("GET", f"/listDigitalAddress/response/{data['id']}")
    assert early.status_code == 404
    first = call("GET", f"/listDigitalAddress/state/{data['id']}")
    assert first.status_code == 200 and first.json()["state"] == "IN_ELABORAZIONE"
    ready = call("GET", f"/listDigitalAddress/state/{data['id']}")
    assert ready.status_code == 303 and ready.json()["state"] == "DISPONIBILE"
    assert errors("Response_Status_List_Digital_Address", ready.json()) == []
    result = call("GET", ready.headers["Location"].split("domiciliodigitale")[1]).json()
    assert [item["codiceFiscale"] for item in result["list"]] == [CF["Mario"], CF["Luca"]]
    assert result["list"][1]["digitalAddress"] == []
    assert inad.log("listDigitalAddress")[0]["userID"] == "op-1"


def test_list_body_is_validated_with_the_official_schema(call):
    answer = call("POST", "/listDigitalAddress", {"codiciFiscali": [CF["Mario"]]})
    assert answer.status_code == 400 and "praticalReference" in answer.json()["detail"]
    many = call("POST", "/listDigitalAddress", {"codiciFiscali": [CF["Mario"]] * 1001,
                                                "praticalReference": REF})
    assert many.status_code == 400 and "1000" in many.json()["detail"]


def test_hooks(call, inad):
    inad.mode("fail", times=1)
    assert call("GET", f"/extract/{CF['Mario']}", practicalReference=REF).status_code == 500
    inad.mode("down", times=1)
    assert call("GET", f"/extract/{CF['Mario']}", practicalReference=REF).status_code == 503
    inad.mode("slow", delay=0.5, times=1)
    started = time.monotonic()
    assert call("GET", f"/extract/{CF['Mario']}", practicalReference=REF).status_code == 200
    assert time.monotonic() - started >= 0.5
    inad.mode("lose_response", times=1)
    with pytest.raises(requests.ConnectionError):
        call("GET", f"/extract/{CF['Mario']}", practicalReference=REF)
    assert len(inad.log("extract")) == 2  # the lost one was served


def test_page_lists_domiciles_and_calls(call, inad):
    call("GET", f"/extract/{CF['Mario']}", practicalReference=REF)
    page = requests.get(inad.base + "/", timeout=5).text
    assert "mario.rossi@pec.cittadini.example" in page and "Avvocato" in page
    assert "extract" in page and 'name="viewport"' in page


def test_simulator_line():
    sim = next(s for s in SIMULATORS if s.name == "inad")
    records = sim.records(8080)
    assert sim.port_offset == 7
    assert records["comune.istanze.inad.url"] == (
        "http://127.0.0.1:8087/rest/inad/v1/domiciliodigitale")
    assert records["comune.istanze.inad.purpose_id"] == PURPOSE_ID

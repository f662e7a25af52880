"""The sandbox ANPR: checks voucher and ModI headers, validates the request
against the official schema, answers in the OpenAPI's shapes for the fake
population (the demo citizens included), obeys its test hooks."""

from comune.istanze.fakes import fiscal_code
from sandbox import SIMULATORS
from sandbox.anpr.population import DEMO_COMUNE
from sandbox.oidc_broker.identities import CITIZENS
from sandbox.pdnd import DEMO_PURPOSES
from tests.anpr.conftest import PURPOSE

import json
import pytest
import requests
import time


MARIO = fiscal_code("Mario", "Rossi", 1980, 1, 1)
GIULIA = fiscal_code("Giulia", "Bianchi", 1985, 3, 12, True)
FRANCESCA = fiscal_code("Francesca", "Esposito", 1990, 11, 5, True)
RESIDENZA = "C020-servizioAccertamentoResidenza"
FAMIGLIA = "C021-servizioAccertamentoStatoFamiglia"
GENERALITA = "C015-servizioAccertamentoGeneralita"


def request(cf=MARIO, case="C020", op=None, **dati):
    return {"idOperazioneClient": op or str(time.time_ns() // 1000),
            "criteriRicerca": {"codiceFiscale": cf},
            "datiRichiesta": {"dataRiferimentoRichiesta": "2026-11-30",
                              "motivoRichiesta": "CONTAFF: avvio istanza", "casoUso": case,
                              **dati}}


@pytest.fixture
def call(anpr, pdnd_client):
    """POST ``payload`` to an e-service with the product's PDND headers,
    ``tamper(headers)`` first when given."""

    def post(eservice=RESIDENZA, payload=None, timeout=5, tamper=None, purpose=PURPOSE):
        body = json.dumps(payload if payload is not None else request()).encode()
        url = f"{anpr.base}/{eservice}/v1/anpr-service-e002"
        headers = pdnd_client.headers(purpose.id, "POST", url, body, purpose.audience)
        headers["Content-Type"] = "application/json"
        if tamper:
            tamper(headers)
        return requests.post(url, data=body, headers=headers, timeout=timeout)

    return post


def test_simulator_line_and_registry_records():
    sim = next(s for s in SIMULATORS if s.name == "anpr")
    records = sim.records(8080)
    assert sim.port_offset == 6 and records["comune.istanze.anpr.base_url"] == "http://127.0.0.1:8086"
    assert records["comune.istanze.anpr.client"] == "rest"
    assert records["comune.istanze.anpr.comune_istat"] == DEMO_COMUNE["codiceIstat"]


def test_every_demo_citizen_exists_in_anpr(anpr, call):
    for citizen in CITIZENS:
        answer = call(GENERALITA, request(citizen["fiscal_code"], "C015"))
        assert answer.status_code == 200, citizen
        generalita = answer.json()["listaSoggetti"]["datiSoggetto"][0]["generalita"]
        assert generalita["codiceFiscale"]["codFiscale"] == citizen["fiscal_code"]
        assert generalita["nome"] == citizen["given_name"].upper()


def test_residence_in_the_spec_shape(anpr, call):
    answer = call()
    assert answer.status_code == 200
    soggetto = answer.json()["listaSoggetti"]["datiSoggetto"][0]
    indirizzo = soggetto["residenza"][0]["indirizzo"]
    assert indirizzo["comune"] == DEMO_COMUNE and indirizzo["cap"] == "00100"
    assert indirizzo["toponimo"] == {"specie": "VIA", "denominazioneToponimo": "ROMA"}
    assert indirizzo["numeroCivico"]["numero"] == "12"
    assert answer.json()["idOperazioneANPR"].startswith("ANPR-SANDBOX-")


def test_family_lists_every_member_with_the_bond(anpr, call):
    answer = call(FAMIGLIA, request(GIULIA, "C021"))
    members = answer.json()["listaSoggetti"]["datiSoggetto"]
    codes = [m["generalita"]["codiceFiscale"]["codFiscale"] for m in members]
    bonds = [m["infoSoggettoEnte"][0]["valoreTesto"] for m in members]
    assert codes[:2] == [MARIO, GIULIA] and len(codes) == 4
    assert bonds == ["intestatario scheda", "coniuge", "figlio", "figlia"]


def test_unknown_fiscal_code_is_404_risposta_ko(anpr, call):
    answer = call(payload=request(fiscal_code("Sara", "Greco", 1999, 4, 4, True)))
    assert answer.status_code == 404
    assert answer.json()["listaErrori"][0]["codiceErroreAnomalia"] == "EN404"


@pytest.mark.parametrize("breaks, field", [
    (lambda r: r.pop("idOperazioneClient"), "idOperazioneClient"),
    (lambda r: r.pop("datiRichiesta"), "datiRichiesta"),
    (lambda r: r["datiRichiesta"].pop("motivoRichiesta"), "motivoRichiesta"),
    (lambda r: r["datiRichiesta"].pop("casoUso"), "casoUso"),
    (lambda r: r["datiRichiesta"].update(dataRiferimentoRichiesta="30/11/2026"),
     "dataRiferimentoRichiesta"),
    (lambda r: r["datiRichiesta"].update(casoUso="C021"), "casoUso"),
    (lambda r: r.update(idOperazioneClient="abc"), "idOperazioneClient"),
    (lambda r: r.pop("criteriRicerca"), "codiceFiscale"),
])
def test_request_checked_against_the_schema(anpr, call, breaks, field):
    payload = request()
    breaks(payload)
    answer = call(payload=payload)
    assert answer.status_code == 400
    assert answer.json()["listaErrori"][0]["campoErroreAnomalia"] == field
    assert anpr.call_json("/calls.json")["items"][-1]["status"] == 400


def _foreign_voucher(headers):
    from cryptography.hazmat.primitives.asymmetric import rsa

    import jwt

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    claims = jwt.decode(headers["Authorization"][7:], options={"verify_signature": False})
    headers["Authorization"] = "Bearer " + jwt.encode(claims, key, algorithm="RS256")


@pytest.mark.parametrize("tamper, status, reason", [
    (_foreign_voucher, 401, "Invalid voucher"),
    (lambda h: h.update(Digest="SHA-256=AAAA"), 400, "Digest"),
    (lambda h: h.pop("Agid-JWT-Signature"), 400, "Agid-JWT-Signature missing"),
    (lambda h: h.pop("Agid-JWT-TrackingEvidence"), 400, "Agid-JWT-TrackingEvidence missing"),
    (lambda h: h.pop("Authorization"), 401, "Bearer voucher missing"),
])
def test_voucher_and_modi_headers_verified(anpr, call, tamper, status, reason):
    answer = call(tamper=tamper)
    assert answer.status_code == status
    assert reason in answer.json()["listaErrori"][0]["testoErroreAnomalia"]
    assert anpr.call_json("/calls.json")["items"][-1]["status"] == status


def test_voucher_of_another_e_service_refused(anpr, call):
    answer = call(purpose=DEMO_PURPOSES["inad"])
    assert answer.status_code == 401 and "audience" in answer.text.lower()


def test_no_voucher_at_all_is_401(anpr, call):
    body = json.dumps(request()).encode()
    answer = requests.post(f"{anpr.base}/{RESIDENZA}/v1/anpr-service-e002", data=body, timeout=5)
    assert answer.status_code == 401


def test_same_operation_id_gets_the_same_answer(anpr, call):
    payload = request(op="1234567890")
    first, second = call(payload=payload), call(payload=payload)
    assert first.json() == second.json()
    assert anpr.call_json("/calls.json")["items"][-1]["replayed"] is True


def test_fault_modes(anpr, call):
    anpr.mode("fail", times=1)
    assert call().status_code == 500
    assert call().status_code == 200  # "times" ran out
    anpr.mode("down", times=1)
    assert call().status_code == 503
    anpr.mode("lose_response", times=1)
    with pytest.raises(requests.ConnectionError):
        call()
    assert anpr.call_json("/calls.json")["items"][-1]["status"] == 200  # done, answer lost
    anpr.mode("slow", delay=1.5, times=1)
    with pytest.raises(requests.Timeout):
        call(timeout=0.5)
    assert anpr.state()["calls"] == 5


def test_status_endpoint(anpr, call):
    assert requests.get(f"{anpr.base}/{RESIDENZA}/v1/status", timeout=5).status_code == 200


def test_not_resident_citizen_lives_elsewhere(anpr, call):
    answer = call(payload=request(FRANCESCA))
    comune = answer.json()["listaSoggetti"]["datiSoggetto"][0]["residenza"][0]["indirizzo"]["comune"]
    assert comune["codiceIstat"] != DEMO_COMUNE["codiceIstat"]

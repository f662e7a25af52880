"""Issue 13 §4: a headless front end's whole journey, over REST only.

Type description, a draft, its steps with the field schemas, step answers
refused per field (Italian, then English), attachments, review, submit and
receipt: every request a Volto or mobile client would make, nothing else
(the outbox worker runs between submission and receipt, as in production).
"""

from comune.istanze.outbox.worker import run_once
from plone import api
from tests.restapi.conftest import attachment

import transaction


def test_whole_journey_over_rest(rest_type, mario, anon_request, functional_portal):
    # 1. the catalogue and one type's description (anonymous)
    listed = anon_request.get("@istanze-tipologie").json()
    entry = next(t for t in listed if t["code"] == "CONTAFF")
    described = anon_request.get(f"{rest_type.getId()}/@istanze-tipologia").json()
    assert described["@id"] == entry["@id"] == rest_type.absolute_url()
    assert described["is_open"] is True and described["attachments"][0]["name"] == "Contratto di locazione"
    assert set(described["schema"]["properties"]) >= {"componenti", "isee", "indirizzo"}

    # 2. a draft, then its steps with each field's JSON schema
    created = mario.post(f"{rest_type.getId()}/@istanze", json={"applicant_kind": "self", "submit": False})
    assert created.status_code == 201, created.text
    draft = created.json()["@id"]
    steps = mario.get(f"{draft}/@istanze-passi").json()["steps"]
    assert [(s["name"], s["kind"]) for s in steps] == [
        ("richiedente", "applicant"), ("modulo-nucleo", "fields"), ("modulo-alloggio", "fields"),
        ("allegati", "attachments"), ("riepilogo", "review")]
    assert [s["title"] for s in steps] == ["Richiedente", "Nucleo familiare", "Alloggio", "Allegati",
                                           "Riepilogo e invio"]
    nucleo = {f["name"]: f for f in steps[1]["fields"]}
    assert nucleo["componenti"]["required"] is True
    assert nucleo["componenti"]["schema"]["type"] == "integer"
    assert nucleo["componenti"]["schema"]["minimum"] == 1
    assert nucleo["componenti"]["schema"]["title"] == "Componenti del nucleo"
    assert nucleo["isee"]["schema"]["type"] == "number"
    assert steps[3]["attachments"][0]["mime_types"] == ["pdf"]

    # 3. a step with bad answers: every field refused, with its step; nothing stored
    bad = {"data": {"componenti": 0, "isee": "molto", "indirizzo": "Via Roma 1"}}
    refused = mario.post(f"{draft}/@istanze-risposte", json=bad)
    assert refused.status_code == 400
    errors = {e["field"]: e for e in refused.json()["error"]["errors"]}
    assert errors["componenti"]["message"] == "«Componenti del nucleo» deve essere almeno 1."
    assert errors["isee"]["message"] == "Valore non valido per «Valore ISEE»."
    assert {e["step"] for e in errors.values()} == {"modulo-nucleo"}
    english = mario.post(f"{draft}/@istanze-risposte", json=bad, headers={"Accept-Language": "en"})
    assert {e["message"] for e in english.json()["error"]["errors"]} == {
        '"Componenti del nucleo" must be at least 1.', 'Invalid value for "Valore ISEE".'}
    transaction.begin()
    assert rest_type[draft.rsplit("/", 1)[1]].indirizzo is None  # nothing half-stored

    # 4. good answers for the first step; the review says what is still missing
    saved = mario.post(f"{draft}/@istanze-risposte", json={"data": {"componenti": 3, "isee": 9000.5}})
    assert saved.status_code == 200, saved.text
    assert sorted(saved.json()["saved"]) == ["componenti", "isee"]
    review = mario.get(f"{draft}/@istanze-riepilogo").json()
    assert review["ready"] is False and review["submit"].endswith("/@istanze-invia")
    assert {(p["field"], p["step"]) for p in review["problems"]} == {
        ("indirizzo", "modulo-alloggio"), ("attachment", "allegati")}
    early = mario.post(f"{draft}/@istanze-invia")
    assert early.status_code == 400 and len(early.json()["error"]["errors"]) == 2

    # 5. the other step and the attachment
    assert mario.post(f"{draft}/@istanze-risposte", json={"data": {"indirizzo": "Via Roma 1"}}).ok
    uploaded = mario.post(f"{draft}/@istanze-allegati", json=attachment())
    assert uploaded.status_code == 201, uploaded.text
    review = mario.get(f"{draft}/@istanze-riepilogo").json()
    assert review["ready"] is True and review["problems"] == []
    rows = {r["name"]: r["text"] for s in review["answers"] for r in s["rows"]}
    assert rows["indirizzo"] == "Via Roma 1" and rows["componenti"] == "3"
    assert [a["filename"] for a in review["attachments"]] == ["contratto.pdf"]

    # 6. submit; no more changes; the receipt once the worker made it
    submitted = mario.post(f"{draft}/@istanze-invia")
    assert submitted.status_code == 200 and submitted.json()["review_state"] == "submitted"
    late = mario.post(f"{draft}/@istanze-risposte", json={"data": {"indirizzo": "Via Verdi 2"}})
    assert late.status_code == 403, late.text
    assert mario.get(f"{draft}/@istanze-riepilogo").json()["receipt"] is None  # not made yet
    transaction.begin()
    api.portal.set_registry_record("comune.istanze.protocol.adapter", "")  # no register here
    transaction.commit()
    assert run_once(functional_portal) == {"done": 1}
    review = mario.get(f"{draft}/@istanze-riepilogo").json()
    assert review["submit"] is None and review["number"] == submitted.json()["number"]
    pdf = mario.get(review["receipt"])
    assert pdf.status_code == 200 and pdf.headers["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_others_cannot_read_or_fill_a_draft(rest_type, mario, giulia):
    draft = mario.post(f"{rest_type.getId()}/@istanze", json={"submit": False}).json()["@id"]
    for resp in (giulia.get(f"{draft}/@istanze-passi"), giulia.get(f"{draft}/@istanze-riepilogo"),
                 giulia.post(f"{draft}/@istanze-risposte", json={"data": {"componenti": 2}})):
        assert resp.status_code in (401, 403, 404), resp.text
    transaction.begin()
    assert rest_type[draft.rsplit("/", 1)[1]].componenti is None

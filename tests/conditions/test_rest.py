"""Conditions over REST: exposed to headless clients, applied on the server."""

from tests.conditions.conftest import make_conditional_type
from tests.restapi.conftest import citizen_session  # noqa: F401 (fixture)
from tests.restapi.conftest import mario  # noqa: F401 (fixture)

import pytest
import transaction


PRIVATE = {"tipo_richiedente": "privato", "figli": 0, "indirizzo": "Via Roma 1", "canone": 400}


@pytest.fixture
def rest_cond(functional_portal):
    type_obj = make_conditional_type(functional_portal)
    transaction.commit()
    return type_obj


def stored(type_obj, app_id):
    transaction.begin()
    return type_obj[app_id]


def test_types_expose_the_conditions(rest_cond, mario):  # noqa: F811
    resp = mario.get("@istanze-tipologie")
    assert resp.status_code == 200
    info = [t for t in resp.json() if t["code"] == "CONDIZ"][0]["conditions"]
    assert info["fields"]["nome_associazione"] == {
        "show_when": 'tipo_richiedente == "associazione"',
        "tree": ["cmp", "==", ["field", "tipo_richiedente"], ["value", "associazione"]]}
    assert info["fieldsets"]["figli_dati"]["tree"] == ["cmp", ">", ["field", "figli"], ["value", 0]]
    assert "!=" in info["language"]


def test_submission_ignores_hidden_fields_sent_by_the_client(rest_cond, mario):  # noqa: F811
    data = {**PRIVATE, "nome_associazione": "Associazione fantasma",
            "nomi_figli": 12345}  # hidden: not even validated (a number in a text field)
    resp = mario.post(f"{rest_cond.getId()}/@istanze", json={"data": data, "submit": True})
    assert resp.status_code == 201, resp.text
    assert resp.json()["review_state"] == "submitted"
    app = stored(rest_cond, resp.json()["id"])
    assert app.canone == 400 and app.tipo_richiedente == "privato"
    assert getattr(app, "nome_associazione", None) is None and getattr(app, "nomi_figli", None) is None
    shown = mario.get(f"{rest_cond.getId()}/{app.getId()}/@istanza").json()["answers"]
    assert [s["name"] for s in shown] == ["richiedente_tipo", "alloggio"]
    names = [r["name"] for s in shown for r in s["rows"]]
    assert "nome_associazione" not in names and "canone" in names


def test_a_field_that_applies_is_required(rest_cond, mario):  # noqa: F811
    data = {**PRIVATE, "tipo_richiedente": "associazione", "figli": 1, "nomi_figli": "Anna"}
    data.pop("canone")
    resp = mario.post(f"{rest_cond.getId()}/@istanze", json={"data": data, "submit": True})
    assert resp.status_code == 400, resp.text
    assert "Nome dell'associazione" in resp.text
    transaction.begin()
    assert not rest_cond.objectIds()  # nothing half-created


def test_draft_steps_follow_the_answers(rest_cond, mario):  # noqa: F811
    resp = mario.post(f"{rest_cond.getId()}/@istanze",
                      json={"data": {"tipo_richiedente": "privato", "figli": 0}, "submit": False})
    url = f"{rest_cond.getId()}/{resp.json()['id']}"
    steps = mario.get(f"{url}/@istanze-passi").json()
    assert [s["name"] for s in steps["sequence"]] == [
        "richiedente", "modulo-richiedente_tipo", "modulo-alloggio", "riepilogo"]
    figli = [s for s in steps["fieldsets"] if s["fieldset"] == "figli_dati"][0]
    assert figli["applies"] is False and figli["condition"]["show_when"] == "figli > 0"
    first = [s for s in steps["fieldsets"] if s["fieldset"] == "richiedente_tipo"][0]
    assert {f["name"]: f["applies"] for f in first["fields"]} == {
        "tipo_richiedente": True, "nome_associazione": False, "figli": True}
    # PATCH with children: the step applies; a hidden answer sent is dropped.
    assert mario.patch(url, json={"figli": 2, "nome_associazione": "X"}).status_code == 204
    steps = mario.get(f"{url}/@istanze-passi").json()
    assert "modulo-figli_dati" in [s["name"] for s in steps["sequence"]]
    assert getattr(stored(rest_cond, url.split("/")[-1]), "nome_associazione", None) is None


def test_steps_of_someone_elses_draft_are_refused(rest_cond, mario, citizen_session):  # noqa: F811
    resp = mario.post(f"{rest_cond.getId()}/@istanze", json={"data": {}, "submit": False})
    url = f"{rest_cond.getId()}/{resp.json()['id']}/@istanze-passi"
    giulia = citizen_session("Giulia", "Bianchi", female=True)
    assert giulia.get(url).status_code in (401, 403, 404)

"""REST services of the personal area, over real HTTP (functional layer)."""

from comune.istanze.messages.store import messages_of
from tests.journey.conftest import real_pdf
from tests.personal_area.world import build_world
from tests.personal_area.world import json_session

import base64
import pytest
import transaction


@pytest.fixture
def world(functional, functional_portal):
    return build_world(functional, functional_portal)


def test_area_messages_documents_of_the_citizen(world):
    web = json_session(world.a)
    area = web.get(f"{world.base}/@area-personale", timeout=60)
    assert area.status_code == 200, area.text
    assert area.headers["Cache-Control"] == "private, no-store"
    body = area.json()
    assert body["identity"]["fiscal_code"] == world.a
    (item,) = body["items"]
    assert item["number"] == world.app.number
    assert item["review_state_title"] == "Integrazione richiesta"
    assert item["next_action"]["kind"] == "integration"
    assert item["next_action"]["url"] == world.app_url + "/@@integrazione"
    assert body["unread_messages"] == 1

    messages = web.get(f"{world.base}/@messaggi", timeout=60).json()
    (msg,) = messages["items"]
    assert msg["unread"] and msg["kind"] == "integration_request"
    read = web.post(msg["mark_read"], timeout=60)
    assert read.status_code == 200, read.text
    assert read.json()["read"]
    assert web.get(f"{world.base}/@messaggi", timeout=60).json()["unread"] == 0

    documents = web.get(f"{world.base}/@documenti", timeout=60).json()["items"]
    kinds = {d["kind"] for d in documents}
    assert {"receipt", "integration_request", "attachment"} <= kinds
    receipt = next(d for d in documents if d["kind"] == "receipt")
    pdf = web.get(receipt["download"], timeout=60)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_send_integration_over_rest(world):
    web = json_session(world.a)
    url = f"{world.app_url}/@integrazione"
    bad = web.post(url, json={"text": "Ecco", "files": [
        {"filename": "dichiarazione.pdf", "data": base64.b64encode(b"GIF89a....").decode()}]},
        timeout=60)
    assert bad.status_code == 400
    assert "non è di un tipo ammesso" in bad.json()["error"]["message"]
    empty = web.post(url, json={"text": "  "}, timeout=60)
    assert empty.status_code == 400 and empty.json()["error"]["field"] == "text"
    other = json_session(world.b).post(url, json={"text": "Non mia"}, timeout=60)
    assert other.status_code in (401, 403, 404)
    good = web.post(url, json={"text": "Dichiarazione allegata", "files": [
        {"filename": "dichiarazione.pdf", "data": base64.b64encode(real_pdf()).decode()}]},
        timeout=60)
    assert good.status_code == 201, good.text
    assert good.json()["review_state"] == "in_review"
    transaction.begin()
    kinds = [(m.kind, m.direction) for m in messages_of(world.app)]
    assert kinds == [("integration_request", "out"), ("integration_reply", "in")]
    # The office sees it on its work page.
    staff = json_session("istruttore_casa", "staff-Password-1")
    page = staff.get(f"{world.app_url}/@@istruttoria", headers={"Accept": "text/html"}, timeout=60)
    assert page.status_code == 200
    assert "Dichiarazione allegata" in page.text


def test_other_citizen_cannot_mark_read(world):
    web = json_session(world.b)
    answer = web.post(f"{world.app_url}/@messaggi/{world.msg_id}/letto", timeout=60)
    assert answer.status_code in (401, 403, 404)
    transaction.begin()
    assert messages_of(world.app)[0].read is None

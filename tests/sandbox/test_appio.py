"""The sandbox App IO on its own: raw HTTP, the spec's schemas, no Plone."""

from comune.istanze.fakes import fiscal_code
from sandbox.appio.platform import DEMO_PROFILES
from sandbox.appio.schemas import errors
from sandbox.appio.server import make_server
from tests.sandboxes import SandboxDriver
from tests.sandboxes import serving

import json
import pytest
import requests
import time


KEY = "k"
CF = fiscal_code("Mario", "Rossi")
API = "/api/v1"
MARKDOWN = "Gentile cittadino, la tua istanza è stata accolta. " * 3


def new_message(cf=CF, **content):
    return {"fiscal_code": cf, "time_to_live": 3600,
            "content": {"subject": "Istanza accolta", "markdown": MARKDOWN, **content}}


@pytest.fixture(scope="module")
def server():
    with serving(make_server("127.0.0.1", 0, subscription_key=KEY)) as srv:
        yield srv


@pytest.fixture
def io(server):
    driver = SandboxDriver(server)
    driver.reset()
    yield driver
    driver.reset()


def call(io, method, path, body=None, key=KEY, timeout=5):
    headers = {"Ocp-Apim-Subscription-Key": key} if key else {}
    return requests.request(method, io.base + API + path, json=body, headers=headers,
                            timeout=timeout)


def test_every_call_needs_the_subscription_key(io):
    for method, path, body in (("POST", "/profiles", {"fiscal_code": CF}),
                               ("GET", f"/profiles/{CF}", None),
                               ("POST", "/messages", new_message())):
        assert call(io, method, path, body, key=None).status_code == 401
        assert call(io, method, path, body, key="wrong").status_code == 401
    assert io.state()["messages"] == 0 and io.state()["profile_reads"] == []


def test_profiles_by_post_and_get_in_the_spec_shape(io):
    for answer in (call(io, "POST", "/profiles", {"fiscal_code": CF}),
                   call(io, "GET", f"/profiles/{CF}")):
        assert answer.status_code == 200 and answer.json()["sender_allowed"] is True
        assert errors("LimitedProfile", answer.json()) == []
    refused = next(cf for cf, p in DEMO_PROFILES.items() if p is False)
    absent = next(cf for cf, p in DEMO_PROFILES.items() if p == "absent")
    assert call(io, "POST", "/profiles", {"fiscal_code": refused}).json()["sender_allowed"] is False
    missing = call(io, "POST", "/profiles", {"fiscal_code": absent})
    assert missing.status_code == 404 and errors("ProblemJson", missing.json()) == []
    bad = call(io, "POST", "/profiles", {"fiscal_code": "NOT-A-CODE"})
    assert bad.status_code == 400 and "fiscal_code" in bad.json()["detail"]


def test_a_message_is_validated_stored_and_read_back(io):
    created = call(io, "POST", "/messages", new_message(payment_data={
        "amount": 1250, "notice_number": "301000000000000123", "invalid_after_due_date": True,
        "payee": {"fiscal_code": "01234567890"}}, due_date="2099-01-31T22:59:59.000Z"))
    assert created.status_code == 201, created.text
    assert errors("CreatedMessage", created.json()) == []
    msg_id = created.json()["id"]
    assert created.headers["Location"] == f"{API}/messages/{CF}/{msg_id}"
    read = call(io, "GET", f"/messages/{CF}/{msg_id}").json()
    assert errors("ExternalMessageResponseWithContent", read) == []
    assert read["status"] == "PROCESSED"
    assert read["message"]["content"]["payment_data"]["notice_number"] == "301000000000000123"
    by_path = call(io, "POST", f"/messages/{CF}", {"content": new_message()["content"]})
    assert by_path.status_code == 201
    other = fiscal_code("Giulia", "Bianchi", female=True)
    assert call(io, "GET", f"/messages/{other}/{msg_id}").status_code == 404
    page = requests.get(io.base + "/", timeout=5).text
    assert "Istanza accolta" in page and "301000000000000123" in page and CF in page


@pytest.mark.parametrize("content, violation", [
    ({"subject": "Breve"}, "content/subject"),
    ({"subject": "x" * 121}, "content/subject"),
    ({"markdown": "Troppo corto"}, "content/markdown"),
    ({"markdown": "m" * 10001}, "content/markdown"),
    ({"payment_data": {"amount": 0, "notice_number": "301000000000000123"}}, "amount"),
    ({"payment_data": {"amount": 100, "notice_number": "12345"}}, "notice_number"),
    ({"payment_data": {"amount": 100, "notice_number": "301000000000000123",
                       "payee": {"fiscal_code": "ABC"}}}, "payee/fiscal_code"),
])
def test_invalid_messages_are_refused_with_the_violation(io, content, violation):
    answer = call(io, "POST", "/messages", new_message(**content))
    assert answer.status_code == 400
    assert violation in answer.json()["detail"]
    assert io.state()["messages"] == 0


def test_fiscal_code_is_required_in_the_body(io):
    body = new_message()
    del body["fiscal_code"]
    answer = call(io, "POST", "/messages", body)
    assert answer.status_code == 400 and "fiscal_code" in answer.json()["detail"]


def test_messages_to_who_refuses_are_rejected_and_counted(io):
    refused = next(cf for cf, p in DEMO_PROFILES.items() if p is False)
    msg_id = call(io, "POST", "/messages", new_message(refused)).json()["id"]
    assert call(io, "GET", f"/messages/{refused}/{msg_id}").json()["status"] == "REJECTED"
    assert io.state()["sent_to_refused"] == [msg_id]
    io.call_json("/_control/profile", {"fiscal_code": CF, "sender_allowed": False})
    assert call(io, "POST", "/profiles", {"fiscal_code": CF}).json()["sender_allowed"] is False


def test_processing_can_be_held(io):
    io.call_json("/_control/hold", {"hold": True})
    msg_id = call(io, "POST", "/messages", new_message()).json()["id"]
    assert call(io, "GET", f"/messages/{CF}/{msg_id}").json()["status"] == "ACCEPTED"
    io.call_json("/_control/hold", {"hold": False})
    assert call(io, "GET", f"/messages/{CF}/{msg_id}").json()["status"] == "PROCESSED"


def test_fault_modes_fail_down_slow_and_lose(io):
    io.mode("fail", times=1)
    failed = call(io, "POST", "/profiles", {"fiscal_code": CF})
    assert failed.status_code == 500 and errors("ProblemJson", failed.json()) == []
    io.mode("down", times=1)
    assert call(io, "POST", "/profiles", {"fiscal_code": CF}).status_code == 503
    io.mode("slow", delay=1.0, times=1)
    with pytest.raises(requests.Timeout):
        call(io, "POST", "/profiles", {"fiscal_code": CF}, timeout=0.3)
    io.mode("lose_response", times=1)
    with pytest.raises(requests.ConnectionError):
        call(io, "POST", "/messages", new_message())
    assert io.state()["messages"] == 1  # done, but the answer was lost
    time.sleep(0.8)  # the slow call finishes in the background
    assert call(io, "POST", "/profiles", {"fiscal_code": CF}).status_code == 200


def test_the_inbox_page_lists_each_citizens_messages(io):
    call(io, "POST", "/messages", new_message(subject="Richiesta di integrazione"))
    inbox = json.loads(io.call(f"/_control/inbox?fiscal_code={CF}"))
    assert [m["content"]["subject"] for m in inbox] == ["Richiesta di integrazione"]
    page = requests.get(io.base + f"/?fiscal_code={CF}", timeout=5)
    assert page.headers["Content-Type"].startswith("text/html")
    assert '<html lang="it">' in page.text and "Richiesta di integrazione" in page.text
    assert "<script" not in page.text


def test_the_page_escapes_what_it_received(io):
    call(io, "POST", "/messages", new_message(subject="<script>alert(1)</script> x"))
    page = requests.get(io.base + "/", timeout=5).text
    assert "<script>alert" not in page and "&lt;script&gt;" in page


def test_demo_citizens_of_the_site_refuse_or_are_absent():
    luca = fiscal_code("Luca", "Verdi", 1972, 7, 23)  # demo/content.py's third citizen
    paolo = fiscal_code("Paolo", "Romano", 1958, 5, 30)  # the SPID broker's
    assert (DEMO_PROFILES[luca], DEMO_PROFILES[paolo]) == (False, "absent")
    assert fiscal_code("Mario", "Rossi", 1980, 1, 1) not in DEMO_PROFILES


def test_the_simulator_line_gives_the_site_its_records():
    from sandbox import SIMULATORS

    sim = next(s for s in SIMULATORS if s.name == "appio")
    records = sim.records(8080)
    assert sim.port(8080) == 8088
    assert records["comune.istanze.appio.url"] == "http://127.0.0.1:8088/api/v1"
    assert records["comune.istanze.appio.api_key"] == dict(zip(sim.args, sim.args[1:]))[
        "--subscription-key"]

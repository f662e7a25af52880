"""The sandbox receiver of webhooks: verifies signatures, keeps what it
receives, flags duplicates, lists them on its page, obeys its test hooks."""

from sandbox import SIMULATORS
from sandbox.webhooks.server import make_server
from sandbox.webhooks.verify import check_hmac
from tests.sandboxes import SandboxDriver
from tests.sandboxes import serving

import base64
import hashlib
import hmac
import json
import pytest
import requests
import time


SECRET = "receiver-test-secret-0123456789"


def signed(event, secret=SECRET, stamp=None):
    body = json.dumps(event).encode()
    stamp = str(int(stamp or time.time()))
    mac = hmac.new(secret.encode(), f"{event['id']}.{stamp}.".encode() + body, hashlib.sha256)
    headers = {"webhook-id": event["id"], "webhook-timestamp": stamp,
               "webhook-signature": "v1," + base64.b64encode(mac.digest()).decode(),
               "Content-Type": "application/cloudevents+json"}
    return body, headers


def event(number=1, subject="uid-1"):
    return {"specversion": "1.0", "id": f"ev-{number}", "source": "/t", "subject": subject,
            "type": "it.comune.istanze.submitted", "time": "2026-11-29T10:00:00Z",
            "data": {"number": f"2026-CASA-{number:06d}", "state": "submitted"}}


@pytest.fixture(scope="module")
def box():
    with serving(make_server("127.0.0.1", 0, secret=SECRET)) as server:
        driver = SandboxDriver(server)
        yield driver


@pytest.fixture(autouse=True)
def clean(box):
    box.reset()


def post(box, body, headers, timeout=5):
    return requests.post(f"{box.base}/events", data=body, headers=headers, timeout=timeout)


def test_valid_signature_stored_and_listed(box):
    answer = post(box, *signed(event(1)))
    assert answer.status_code == 200 and answer.json()["duplicate"] is False
    items = box.call_json("/events.json")["items"]
    assert [(i["id"], i["signature_ok"], i["duplicate"]) for i in items] == [("ev-1", True, False)]
    page = box.call("/").decode()
    assert "ev-1" in page and "it.comune.istanze.submitted" in page and "OK" in page
    assert "2026-CASA-000001" in page


def test_bad_signature_refused_and_shown_ko(box):
    body, headers = signed(event(2), secret="another-secret-0123456789")
    assert post(box, body, headers).status_code == 401
    tampered_body, headers = signed(event(3))
    assert post(box, tampered_body.replace(b"uid-1", b"uid-9"), headers).status_code == 401
    items = box.call_json("/events.json")["items"]
    assert [i["signature_ok"] for i in items] == [False, False]
    assert "KO" in box.call("/").decode()


def test_stale_timestamp_is_refused():
    body, headers = signed(event(4), stamp=time.time() - 3600)
    lower = {k.lower(): v for k, v in headers.items()}
    assert check_hmac(lower, body, SECRET) == (False, "timestamp fuori tolleranza")


def test_duplicate_flagged_and_not_a_cloudevent_refused(box):
    post(box, *signed(event(5)))
    again = post(box, *signed(event(5)))
    assert again.status_code == 200 and again.json()["duplicate"] is True
    state = box.state()
    assert (state["count"], state["unique"]) == (2, 1)
    assert post(box, *signed({"id": "x", "hello": 1})).status_code == 400


def test_control_fail_slow_lose(box):
    box.mode("fail", times=1)
    assert post(box, *signed(event(6))).status_code == 500
    assert box.state()["count"] == 0  # a failure stores nothing
    box.mode("slow", delay=1.5, times=1)
    with pytest.raises(requests.Timeout):
        post(box, *signed(event(7)), timeout=0.5)
    time.sleep(1.5)
    assert box.state()["count"] == 1  # it took the event, the caller gave up
    box.mode("lose_response", times=1)
    with pytest.raises(requests.ConnectionError):
        post(box, *signed(event(8)))
    assert post(box, *signed(event(8))).json()["duplicate"] is True
    box.mode("down", times=1)
    assert post(box, *signed(event(9))).status_code == 503


def test_registered_for_make_start():
    sim = next(s for s in SIMULATORS if s.name == "webhooks")
    assert sim.port(8080) == 8084
    records = sim.records(8080)
    assert records["comune.istanze.webhooks.site_url"] == "http://127.0.0.1:8084/events"
    assert records["comune.istanze.webhooks.site_types"] == ["contributo-affitto"]
    secret = sim.args[sim.args.index("--secret") + 1]
    assert records["comune.istanze.webhooks.site_secret"] == secret

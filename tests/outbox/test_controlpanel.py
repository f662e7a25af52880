"""Control panel, REST endpoints and daily digest of the outbox."""

from comune.istanze.outbox import queue
from comune.istanze.outbox.digest import maybe_send_digest
from comune.istanze.outbox.worker import run_once
from datetime import date
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from tests.fixtures import CITIZEN_PASSWORD
from tests.fixtures import install_mailhost
from tests.fixtures import make_citizen

import email
import email.policy
import pytest
import re
import requests
import transaction


OWNER = (SITE_OWNER_NAME, SITE_OWNER_PASSWORD)


@pytest.fixture
def failed_job(functional_portal):
    job = queue.enqueue(functional_portal, "kind.inesistente", None, "prova:00000001")
    transaction.commit()
    assert run_once(functional_portal) == {"failed": 1}
    return job


def base(functional, portal):
    return f"http://{functional['host']}:{functional['port']}/{portal.getId()}"


def test_control_panel_lists_and_retries_with_csrf(functional, functional_portal, failed_job):
    url = base(functional, functional_portal) + "/@@outbox-controlpanel"
    page = requests.get(url, auth=OWNER, timeout=60)
    assert page.status_code == 200
    assert "Tipo di job sconosciuto: kind.inesistente" in page.text
    assert f'id="job-{failed_job.id}"' in page.text
    # without the CSRF token nothing happens
    refused = requests.post(url, auth=OWNER, data={"job_id": failed_job.id, "form.retry": "1"},
                            timeout=60, allow_redirects=False)
    assert refused.status_code == 403
    transaction.begin()
    assert failed_job.state == queue.FAILED
    token = re.search(r'name="_authenticator"\s+value="([^"]+)"', page.text).group(1)
    done = requests.post(url, auth=OWNER, timeout=60, data={
        "job_id": failed_job.id, "form.retry": "1", "_authenticator": token})
    assert done.status_code == 200 and "rimesso in coda" in done.text
    transaction.begin()
    assert failed_job.state == queue.PENDING and failed_job.attempts == 0
    citizen = make_citizen()
    transaction.commit()
    denied = requests.get(url, auth=(citizen.getId(), CITIZEN_PASSWORD), timeout=60)
    assert denied.status_code in (401, 403) or "outbox" not in denied.url


def test_rest_list_retry_cancel(functional, functional_portal, failed_job):
    api_url = base(functional, functional_portal) + "/@outbox"
    headers = {"Accept": "application/json", "Content-Type": "application/json"}
    listing = requests.get(api_url, auth=OWNER, headers=headers, timeout=60).json()
    assert [i["id"] for i in listing["items"]] == [failed_job.id]
    assert listing["items"][0]["state"] == "failed"
    assert "sconosciuto" in listing["items"][0]["last_error"]
    retried = requests.post(f"{api_url}/{failed_job.id}/retry", auth=OWNER, headers=headers, timeout=60)
    assert retried.status_code == 200 and retried.json()["job"]["state"] == "pending"
    cancelled = requests.post(f"{api_url}/{failed_job.id}/cancel", auth=OWNER, headers=headers, timeout=60)
    assert cancelled.json()["job"]["state"] == "cancelled"
    again = requests.post(f"{api_url}/{failed_job.id}/cancel", auth=OWNER, headers=headers, timeout=60)
    assert again.status_code == 409
    missing = requests.post(f"{api_url}/nessuno/retry", auth=OWNER, headers=headers, timeout=60)
    assert missing.status_code == 404 and missing.json()["error"]["message"] == "Job non trovato."
    transaction.begin()
    assert queue.open_job_ids(functional_portal) == []
    citizen = make_citizen()
    transaction.commit()
    denied = requests.get(api_url, auth=(citizen.getId(), CITIZEN_PASSWORD), headers=headers, timeout=60)
    assert denied.status_code == 401


def test_daily_digest_is_sent_once_a_day(functional_portal, failed_job):
    mailhost = install_mailhost(functional_portal)
    api.portal.set_registry_record("comune.istanze.outbox.digest_recipient", "admin@comune.example")
    transaction.commit()
    before = len(mailhost.messages)
    assert maybe_send_digest(functional_portal, today=date(2026, 11, 23)) == 1
    assert maybe_send_digest(functional_portal, today=date(2026, 11, 23)) is None
    messages = mailhost.messages[before:]
    assert len(messages) == 1
    msg = email.message_from_bytes(bytes(messages[0]), policy=email.policy.default)
    assert msg["To"] == "admin@comune.example"
    assert "1 job in errore" in msg["Subject"]
    body = msg.get_content()
    assert "kind.inesistente" in body and "Tipo di job sconosciuto" in body

"""The App IO client against the sandbox: the spec's operations and every failure."""

from comune.istanze.fakes import fiscal_code
from comune.istanze.integrations.appio.config import current_client
from comune.istanze.integrations.appio.errors import AppIORejected
from comune.istanze.integrations.appio.errors import AppIOUnavailable
from comune.istanze.integrations.appio.interfaces import NewMessage
from comune.istanze.integrations.appio.interfaces import PaymentData
from comune.istanze.integrations.appio.rest import message_json
from comune.istanze.integrations.appio.rest import RestClient
from datetime import date
from plone import api
from sandbox.appio.platform import DEMO_PROFILES
from sandbox.appio.schemas import errors

import pytest


CF = fiscal_code("Mario", "Rossi")
MARKDOWN = "La tua istanza è stata accolta: trovi il provvedimento nell'area personale. " * 2


def message(**kw):
    return NewMessage(fiscal_code=CF, subject="Istanza accolta", markdown=MARKDOWN, **kw)


def test_no_client_until_url_and_key_are_set(portal):
    assert current_client() is None
    api.portal.set_registry_record("comune.istanze.appio.url", "http://127.0.0.1:9/api/v1")
    assert current_client() is None  # no key yet
    api.portal.set_registry_record("comune.istanze.appio.api_key", "k")
    assert isinstance(current_client(), RestClient)


def test_profile_says_who_may_be_written_to(appio_site, io):
    client = current_client()
    assert client.get_profile(CF).sender_allowed is True
    refused = next(cf for cf, p in DEMO_PROFILES.items() if p is False)
    absent = next(cf for cf, p in DEMO_PROFILES.items() if p == "absent")
    assert client.get_profile(refused).sender_allowed is False
    assert client.get_profile(absent) is None
    assert io.state()["profile_reads"] == [CF, refused, absent]  # by POST: CF in the body


def test_submit_and_read_the_status(appio_site, io):
    client = current_client()
    io_id = client.submit_message(message(due_date=date(2099, 1, 31)))
    [stored] = io.inbox(CF)
    assert stored["id"] == io_id and stored["content"]["due_date"] == "2099-01-31T22:59:59.000Z"
    status = client.get_message(CF, io_id)
    assert (status.id, status.status, status.notification) == (io_id, "PROCESSED", {"email": "SENT"})
    io.hold()
    held = client.submit_message(message())
    assert client.get_message(CF, held).status == "ACCEPTED"


def test_payment_data_travels_as_the_spec_wants(appio_site, io):
    pay = PaymentData(amount=1250, notice_number="301000000000000123",
                      payee_fiscal_code="01234567890", invalid_after_due_date=True)
    body = message_json(message(payment_data=pay))
    assert errors("NewMessage", body) == []
    assert body["content"]["payment_data"] == {
        "amount": 1250, "notice_number": "301000000000000123", "invalid_after_due_date": True,
        "payee": {"fiscal_code": "01234567890"}}
    current_client().submit_message(message(payment_data=pay))
    [stored] = io.inbox(CF)
    assert stored["content"]["payment_data"]["amount"] == 1250


def test_a_wrong_key_is_refused_for_good(appio_site, io):
    api.portal.set_registry_record("comune.istanze.appio.api_key", "chiave-ruotata-male")
    with pytest.raises(AppIORejected) as refused:
        current_client().get_profile(CF)
    assert refused.value.status == 401
    assert "Chiave di sottoscrizione App IO" in str(refused.value)


def test_rotating_the_key_needs_no_restart(appio_site, io):
    client = current_client()
    api.portal.set_registry_record("comune.istanze.appio.api_key", "vecchia")
    with pytest.raises(AppIORejected):
        client.get_profile(CF)
    api.portal.set_registry_record("comune.istanze.appio.api_key", io.records()["api_key"])
    assert client.get_profile(CF).sender_allowed is True


def test_an_invalid_message_is_refused_for_good_with_the_detail(appio_site, io):
    with pytest.raises(AppIORejected) as refused:
        current_client().submit_message(NewMessage(fiscal_code=CF, subject="Corto",
                                                   markdown=MARKDOWN))
    assert refused.value.status == 400 and "content/subject" in str(refused.value)
    assert io.inbox() == []


@pytest.mark.parametrize("mode, status", [("fail", 500), ("down", 503)])
def test_failures_are_retried_later(appio_site, io, mode, status):
    io.mode(mode, times=1)
    with pytest.raises(AppIOUnavailable) as down:
        current_client().get_profile(CF)
    assert down.value.status == status
    assert current_client().get_profile(CF).sender_allowed is True  # the next call works


def test_slow_and_lost_answers_are_retried_later(appio_site, io):
    api.portal.set_registry_record("comune.istanze.appio.timeout", 1)
    io.mode("slow", delay=1.5, times=1)
    with pytest.raises(AppIOUnavailable) as slow:
        current_client().get_profile(CF)
    assert "non raggiungibile" in str(slow.value)
    io.mode("lose_response", times=1)
    with pytest.raises(AppIOUnavailable):
        current_client().submit_message(message())
    assert len(io.inbox(CF)) == 1  # App IO has it: see job.py on lost answers


def test_unknown_message_is_not_found(appio_site, io):
    with pytest.raises(AppIORejected) as missing:
        current_client().get_message(CF, "01NONESISTE")
    assert missing.value.status == 404

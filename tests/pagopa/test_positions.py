"""Outbox jobs creating and publishing one GPD position per payment."""

from comune.istanze.integrations.pagopa import positions
from comune.istanze.integrations.pagopa.errors import PagoPAUnavailable
from comune.istanze.integrations.pagopa.gpd import GPDClient
from comune.istanze.integrations.pagopa.iuv import make_iuv
from comune.istanze.integrations.pagopa.positions import payment_notice
from comune.istanze.integrations.pagopa.positions import position_key
from comune.istanze.integrations.pagopa.positions import request_position
from comune.istanze.integrations.pagopa.storage import add_payment
from comune.istanze.integrations.pagopa.storage import payments_of
from comune.istanze.outbox import queue
from comune.istanze.outbox.interfaces import IJobHandler
from comune.istanze.outbox.worker import StepContext
from comune.istanze.outbox.worker import claim
from comune.istanze.outbox.worker import find_target
from comune.istanze.outbox.worker import process
from comune.istanze.workflow import submission
from datetime import date
from plone import api
from tests.fixtures import login
from tests.fixtures import make_citizen
from tests.fixtures import make_type
from tests.pagopa.conftest import CREDITOR
from tests.pagopa.test_client import position as sample
from tests.pagopa.test_notice import codes
from zope.component import getUtility

import pytest
import transaction


IBAN = "IT60X0542811101000000123456"
TRANSFERS = [{"amount": 1400, "remittance": "Diritti di segreteria", "category": "9/0101108TS/",
              "iban": IBAN},
             {"amount": 200, "remittance": "Rimborso stampati", "category": "9/0101108TS/",
              "iban": IBAN}]


@pytest.fixture
def pagopa_site(functional_portal, sandbox):
    """The functional site configured for the sandbox pagoPA, committed."""
    for name, value in vars(sandbox.settings()).items():
        api.portal.set_registry_record(f"comune.istanze.pagopa.{name}", value)
    api.portal.set_registry_record("comune.istanze.protocol.adapter", "")
    transaction.commit()
    return functional_portal


@pytest.fixture
def app_f(pagopa_site):
    type_obj = make_type(pagopa_site)
    citizen = make_citizen()
    login(pagopa_site, citizen.getId())
    app = submission.create_draft(type_obj)
    transaction.commit()
    return app


def new_payment(app, amount=1600, transfers=TRANSFERS):
    payment = add_payment(app, amount, "Diritti di segreteria", date(2026, 12, 31), transfers)
    job = request_position(app, payment)
    transaction.commit()
    return payment, job


def run(portal, jobs):
    return [process(portal, job.id) for job in jobs]


def make_due(portal):
    for job_id in queue.open_job_ids(portal):
        queue.get_job(portal, job_id).next_attempt = 0
    transaction.commit()


def test_payment_becomes_a_published_position(pagopa_site, app_f, sandbox):
    payment, job = new_payment(app_f)
    assert request_position(app_f, payment) is job  # one job per payment
    assert run(pagopa_site, [job]) == ["done"]
    assert set(job.results) == {"iuv", "create", "publish"}
    assert payment.iupd == f"{CREDITOR}-{payment.id}" and payment.state == "published"
    assert payment.notice_number == "3" + payment.iuv and payment.iuv.startswith("47")
    [stored] = sandbox.state()["positions"]
    assert (stored["iupd"], stored["status"], stored["iuv"]) == (payment.iupd, "VALID",
                                                                 [payment.iuv])
    assert payments_of(app_f) == [payment]
    found = codes(payment_notice(app_f, payment))
    assert found == {"QR Code": f"PAGOPA|002|{payment.notice_number}|{CREDITOR}|1600"}


def test_no_notice_before_the_notice_number(pagopa_site, app_f, sandbox):
    payment, _job = new_payment(app_f)
    with pytest.raises(ValueError, match="numero avviso"):
        payment_notice(app_f, payment)


def test_pagopa_down_then_back_exactly_one_position_each(pagopa_site, app_f, sandbox):
    sandbox.mode("down")
    made = [new_payment(app_f) for _n in range(100)]
    jobs = [job for _p, job in made]
    assert run(pagopa_site, jobs) == ["pending"] * 100
    assert "Servizio pagoPA in errore (HTTP 503)" in jobs[0].last_error
    assert all(set(j.results) == {"iuv"} for j in jobs)  # the IUV step is kept
    sandbox.mode("ok")
    make_due(pagopa_site)
    assert run(pagopa_site, jobs) == ["done"] * 100
    state = sandbox.state()
    assert state["count"] == 100
    assert sorted(p["iupd"] for p in state["positions"]) == sorted(p.iupd for p, _j in made)
    assert {p["status"] for p in state["positions"]} == {"VALID"}


def test_lost_create_answer_is_recovered_by_the_iupd(pagopa_site, app_f, sandbox):
    payment, job = new_payment(app_f)
    sandbox.mode("lose_response", times=1)  # created, but the answer never arrives
    assert process(pagopa_site, job.id) == "pending"
    assert set(job.results) == {"iuv"} and sandbox.state()["count"] == 1
    make_due(pagopa_site)
    assert process(pagopa_site, job.id) == "done"
    assert job.results["create"]["again"] is True  # 409: made by the lost call
    assert sandbox.state()["count"] == 1 and payment.state == "published"


class LosePublishAnswer(StepContext):
    """After the create step is saved, pagoPA will lose publish's answer."""

    def __init__(self, portal, job, sandbox):
        super().__init__(portal, job)
        self.sandbox = sandbox

    def save(self, step, value=True):
        super().save(step, value)
        if step == "create":
            self.sandbox.mode("lose_response", times=1)


def test_lost_publish_answer_is_recovered(pagopa_site, app_f, sandbox):
    payment, job = new_payment(app_f)
    claimed = claim(pagopa_site, job.id, "worker-1")
    handler = getUtility(IJobHandler, name=positions.KIND)
    with pytest.raises(PagoPAUnavailable):
        handler.run(claimed, find_target(pagopa_site, claimed.target),
                    LosePublishAnswer(pagopa_site, claimed, sandbox))
    transaction.abort()
    assert set(queue.get_job(pagopa_site, job.id).results) == {"iuv", "create"}
    assert sandbox.state()["positions"][0]["status"] == "VALID"  # published all the same
    claimed.lease_until = 0  # the worker's lease expires
    transaction.commit()
    calls = sandbox.state()["calls"]
    assert process(pagopa_site, job.id) == "done"
    # create was skipped: publish (409, already published) and the read that checks it
    assert sandbox.state()["calls"] - calls == 2
    assert job.results["publish"] == {"status": "VALID"} and sandbox.state()["count"] == 1


def test_iuv_collision_draws_another_iuv(pagopa_site, app_f, sandbox, monkeypatch):
    taken = make_iuv("47", 1)
    draws = iter([1, 2])
    monkeypatch.setattr(positions, "new_iuv", lambda seg: make_iuv(seg, next(draws)))
    other, other_job = new_payment(app_f)
    # another position (made elsewhere) already uses the first IUV drawn
    GPDClient(settings=sandbox.settings()).create_position(sample(iuv=taken))
    assert process(pagopa_site, other_job.id) == "done"
    assert other.iuv == make_iuv("47", 2) and other_job.results["iuv"]["iuv"] == other.iuv
    assert sandbox.state()["count"] == 2


def test_refusal_fails_the_job_with_an_italian_message(pagopa_site, app_f, sandbox):
    no_account = [{"amount": 1600, "remittance": "Diritti", "category": "9/0101108TS/"}]
    payment, job = new_payment(app_f, transfers=no_account)
    assert process(pagopa_site, job.id) == "failed"
    assert job.last_error.startswith("pagoPA ha rifiutato la richiesta perché non valida")
    assert sandbox.state()["count"] == 0


def test_not_configured(pagopa_site, app_f, sandbox):
    api.portal.set_registry_record("comune.istanze.pagopa.client", "")
    transaction.commit()
    payment, job = new_payment(app_f)
    assert process(pagopa_site, job.id) == "failed"
    assert job.last_error == "pagoPA non è configurato per questo Comune."
    assert position_key(payment) == f"pagopa.position:{payment.id}"


@pytest.mark.parametrize("record,value,message", [
    ("segregation_code", "", "Codice di segregazione pagoPA mancante o non valido (2 cifre)."),
    ("creditor_fiscal_code", "0123", "Codice fiscale dell'ente creditore pagoPA mancante o non "
                                     "valido (11 cifre)."),
])
def test_misconfiguration_fails_at_once(pagopa_site, app_f, sandbox, record, value, message):
    api.portal.set_registry_record(f"comune.istanze.pagopa.{record}", value)
    transaction.commit()
    payment, job = new_payment(app_f)
    assert process(pagopa_site, job.id) == "failed" and job.last_error == message
    assert job.attempts == 1 and sandbox.state()["calls"] == 0

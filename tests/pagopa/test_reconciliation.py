"""Reconciliation over the sandbox: receipts and reporting flows, mismatches."""

from comune.istanze.integrations.pagopa import reconciliation
from comune.istanze.integrations.pagopa.gpd import GPDClient
from comune.istanze.integrations.pagopa.ledger import ledger_of
from comune.istanze.integrations.pagopa.ledger import unmatched_items
from comune.istanze.integrations.pagopa.storage import mark_invalid
from comune.istanze.outbox import queue
from comune.istanze.outbox.interfaces import IJobHandler
from comune.istanze.outbox.worker import StepContext
from comune.istanze.outbox.worker import claim
from comune.istanze.outbox.worker import process
from comune.istanze.outbox.worker import schedule_jobs
from datetime import datetime
from plone import api
from tests.backoffice.test_communications_scope import STAFF_PASSWORD
from tests.backoffice.test_communications_scope import make_site_admin
from tests.fixtures import http_session
from tests.fixtures import make_citizen
from tests.fixtures import make_staff
from tests.fixtures import make_type
from tests.fixtures import submit_as
from tests.pagopa.test_client import position as sample
from tests.pagopa.test_positions import app_f  # noqa: F401
from tests.pagopa.test_positions import new_payment
from tests.pagopa.test_positions import pagopa_site  # noqa: F401
from zope.component import getUtility

import pytest
import transaction


def published(app, n=1):
    """``n`` payments of ``app`` made published positions by their jobs."""
    made = []
    for _n in range(n):
        payment, job = new_payment(app)
        assert process(api.portal.get(), job.id) == "done"
        made.append(payment)
    return made


def reconcile(portal, hour=0):
    """Enqueue (as the worker's schedule does) and run one reconciliation."""
    [job] = reconciliations(schedule_jobs(portal, datetime(2026, 12, 1, hour)))
    return process(portal, job.id), job


def reconciliations(jobs):
    """The reconciliation among the jobs scheduled (the debts import is one too)."""
    return [job for job in jobs if job.kind == reconciliation.KIND]


def kinds(payment):
    return [m["kind"] for m in payment.mismatches]


def test_schedule_once_an_hour_and_never_two_open(pagopa_site, sandbox):
    [job] = reconciliations(schedule_jobs(pagopa_site, datetime(2026, 12, 1, 9, 5)))
    assert job.key == "pagopa.reconcile:2026-12-01T09" and job.kind == "pagopa.reconcile"
    assert reconciliations(schedule_jobs(pagopa_site, datetime(2026, 12, 1, 9, 40))) == []
    assert reconciliations(schedule_jobs(pagopa_site, datetime(2026, 12, 1, 10, 1))) == []
    assert process(pagopa_site, job.id) == "done"
    [later] = reconciliations(schedule_jobs(pagopa_site, datetime(2026, 12, 1, 10, 2)))
    assert later.key == "pagopa.reconcile:2026-12-01T10"


def test_paid_then_reported_and_the_receipt_kept(pagopa_site, app_f, sandbox):
    [payment] = published(app_f)
    sandbox.pay(payment.iuv)
    assert reconcile(pagopa_site, 1)[0] == "done"
    assert payment.state == "paid" and payment.mismatches == []
    assert payment.receipt["amount"] == 1600 and payment.receipt["psp"]
    assert "<" in payment.receipt["xml"] and payment.receipt["receipt_id"]
    sandbox.publish_flow()
    state, job = reconcile(pagopa_site, 2)
    assert state == "done" and job.results["flows"] == 1 and job.results["receipts"] == 0
    assert payment.state == "reported" and payment.flow_id and payment.reported_at
    assert payment.mismatches == []


def test_one_mismatch_of_each_kind(pagopa_site, app_f, sandbox):
    short, twice, cancelled, fine = published(app_f, 4)
    client = GPDClient(settings=sandbox.settings())
    stranger = sample(n=9)  # a position the product did not make
    client.create_position(stranger, publish=True)
    sandbox.pay(twice.iuv)
    assert reconcile(pagopa_site, 1)[0] == "done" and twice.state == "paid"
    sandbox.pay(short.iuv, amount=1500)
    sandbox.pay(twice.iuv, force=True)  # paid again: another receipt
    client.invalidate_position(cancelled.iupd)
    mark_invalid(app_f, cancelled)
    transaction.commit()
    sandbox.pay(cancelled.iuv, force=True)
    sandbox.pay(stranger.payment_options[0].iuv)
    sandbox.pay(fine.iuv)
    assert reconcile(pagopa_site, 2)[0] == "done"
    assert kinds(short) == ["amount"] and short.state == "paid"
    assert "Pagati 15,00 € invece di 16,00 €" in short.mismatches[0]["detail"]
    assert kinds(twice) == ["paid_twice"]
    assert kinds(cancelled) == ["paid_after_invalidation"] and cancelled.state == "invalid"
    assert fine.state == "paid" and fine.mismatches == []
    [unknown] = unmatched_items(pagopa_site)
    assert unknown["kind"] == "unknown_iuv" and unknown["iuv"] == stranger.payment_options[0].iuv
    assert unknown["amount"] == 1600


@pytest.fixture
def office_app(pagopa_site):
    """A submitted application, its type's Istruttore and a Site Administrator."""
    type_obj = make_type(pagopa_site)
    app = submit_as(pagopa_site, type_obj, make_citizen())
    make_staff("istruttore", type_obj, "Istruttore")
    make_site_admin("admin_sito")
    transaction.commit()
    return app


def test_mismatches_are_shown_to_staff(pagopa_site, office_app, sandbox, request_factory):
    short, fine = published(office_app, 2)
    stranger = sample(n=8)
    GPDClient(settings=sandbox.settings()).create_position(stranger, publish=True)
    sandbox.pay(short.iuv, amount=1200)
    sandbox.pay(fine.iuv)
    sandbox.pay(stranger.payment_options[0].iuv)
    assert reconcile(pagopa_site, 1)[0] == "done"
    staff = request_factory(basic_auth=("istruttore", STAFF_PASSWORD))
    found = staff.get("/@pagamenti", params={"state": "mismatch"}).json()
    [item] = found["items"]
    assert item["number"] == office_app.number and item["mismatched"] == 1
    assert item["paid"] == 2800 and found["totals"]["paid"] == {"count": 2, "amount": 2800}
    bad = staff.get("/@pagamenti", params={"state": "boh"})
    assert bad.status_code == 400 and bad.json()["error"]["message"] == "Stato non valido: boh."
    page = staff.get("/@@pagamenti").text
    assert office_app.number in page and "Pagamenti non abbinati" not in page
    admin = request_factory(basic_auth=("admin_sito", STAFF_PASSWORD)).get("/@@pagamenti").text
    assert "Pagamenti non abbinati" in admin and stranger.payment_options[0].iuv in admin
    citizen = http_session(office_app.applicant_id, session=request_factory())
    for other in (citizen, request_factory()):
        answer = other.get("/@pagamenti")
        assert answer.status_code == 404 and "items" not in answer.json()
        assert other.get("/@@pagamenti").status_code == 404


def test_reported_twice_and_unknown_row_in_a_flow(pagopa_site, app_f, sandbox):
    [payment] = published(app_f)
    sandbox.pay(payment.iuv)
    sandbox.publish_flow()
    reconcile(pagopa_site, 1)
    assert payment.state == "reported"
    sandbox.publish_flow(extra=[{"iuv": payment.iuv, "amount": 1600},
                                {"iuv": "47000000000000099", "amount": 700}])
    reconcile(pagopa_site, 2)
    assert kinds(payment) == ["paid_twice"] and "Rendicontato nei flussi" in \
        payment.mismatches[0]["detail"]
    assert [i["iuv"] for i in unmatched_items(pagopa_site)] == ["47000000000000099"]


def test_rerun_changes_nothing(pagopa_site, app_f, sandbox):
    short, fine = published(app_f, 2)
    sandbox.pay(short.iuv, amount=100)
    sandbox.pay(fine.iuv)
    sandbox.publish_flow()
    reconcile(pagopa_site, 1)
    before = [(p.state, p.paid_at, p.flow_id, list(p.mismatches)) for p in (short, fine)]
    calls = sandbox.state()["calls"]
    state, job = reconcile(pagopa_site, 2)
    assert state == "done" and job.results["receipts"] == 0 and job.results["flows"] == 0
    assert [(p.state, p.paid_at, p.flow_id, list(p.mismatches)) for p in (short, fine)] == before
    # only the listings were read again: no receipt, no flow detail
    assert sandbox.state()["calls"] - calls == 2


class DieAfterFirstReceipt(StepContext):
    def save(self, step, value=True):
        super().save(step, value)
        if step == "receipts_read":
            raise SystemExit("worker killed")


def test_killed_mid_run_resumes_after_the_committed_receipts(pagopa_site, app_f, sandbox):
    first, second = published(app_f, 2)
    sandbox.pay(first.iuv)
    sandbox.pay(second.iuv)
    [job] = reconciliations(schedule_jobs(pagopa_site, datetime(2026, 12, 1, 3)))
    claimed = claim(pagopa_site, job.id, "worker-1")
    handler = getUtility(IJobHandler, name=reconciliation.KIND)
    with pytest.raises(SystemExit):
        handler.run(claimed, None, DieAfterFirstReceipt(pagopa_site, claimed))
    transaction.abort()
    assert queue.get_job(pagopa_site, job.id).results == {"receipts_read": 1}
    assert [first.state, second.state] == ["paid", "published"]
    assert len(ledger_of(pagopa_site).receipts_seen) == 1
    claimed.lease_until = 0  # the lease of the dead worker expires
    transaction.commit()
    calls = sandbox.state()["calls"]
    assert process(pagopa_site, job.id) == "done"
    assert [first.state, second.state] == ["paid", "paid"]
    # the list, one receipt (the second), the flows list: the first was skipped
    assert sandbox.state()["calls"] - calls == 3
    assert job.results["receipts"] == 1  # counted in this attempt


def test_pagopa_down_is_a_visible_outbox_failure(pagopa_site, sandbox):
    sandbox.mode("down")
    state, job = reconcile(pagopa_site, 4)
    assert state == "pending" and "HTTP 503" in job.last_error
    assert job.kind == "pagopa.reconcile"


def test_not_configured_schedules_nothing(pagopa_site, sandbox):
    api.portal.set_registry_record("comune.istanze.pagopa.client", "")
    transaction.commit()
    assert schedule_jobs(pagopa_site, datetime(2026, 12, 1, 5)) == []


def test_receipts_and_flows_read_page_by_page(pagopa_site, app_f, sandbox, monkeypatch):
    monkeypatch.setattr(reconciliation, "PAGE", 2)  # receipts: 2 a page
    made = published(app_f, 5)
    for payment in made:
        sandbox.pay(payment.iuv)
    sandbox.publish_flow()
    state, job = reconcile(pagopa_site, 6)
    assert state == "done" and job.results["receipts"] == 5 and job.results["flows"] == 1
    assert {p.state for p in made} == {"reported"}
    assert ledger_of(pagopa_site).receipts_from is not None
    assert ledger_of(pagopa_site).flows_after is not None


def test_a_failed_reconciliation_is_in_the_daily_digest(pagopa_site, sandbox):
    from comune.istanze.outbox.digest import digest_text

    api.portal.set_registry_record("comune.istanze.pagopa.creditor_fiscal_code", "123")
    transaction.commit()
    state, job = reconcile(pagopa_site, 7)
    assert state == "failed"
    problems = queue.problem_jobs(pagopa_site)
    assert job in problems
    text = digest_text(problems)
    assert "pagopa.reconcile" in text and "Codice fiscale dell'ente creditore" in text


def test_paid_elsewhere_without_receipt_gets_it(pagopa_site, app_f, sandbox):
    from comune.istanze.integrations.pagopa.storage import mark_paid

    [payment] = published(app_f)
    sandbox.pay(payment.iuv)
    mark_paid(app_f, payment, datetime(2026, 12, 1, 8))  # e.g. the checkout's return page
    transaction.commit()
    assert reconcile(pagopa_site, 8)[0] == "done"
    assert payment.receipt["receipt_id"] and payment.receipt["amount"] == 1600
    assert payment.mismatches == [] and payment.state == "paid"

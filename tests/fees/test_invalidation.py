"""A «Paga e invia» draft deleted or expired: its position is invalidated
through the outbox, never when paid; a later payment is flagged for staff.
While the payment is pending, answers and attachments cannot change."""

from comune.istanze.integrations.pagopa import reconciliation
from comune.istanze.integrations.pagopa.gpd import GPDClient
from comune.istanze.integrations.pagopa.ledger import unmatched_items
from comune.istanze.integrations.pagopa.storage import payments_of
from comune.istanze.outbox import queue
from comune.istanze.outbox.worker import schedule_jobs
from datetime import datetime
from datetime import timedelta
from plone import api
from tests.fees.conftest import run_outbox
from tests.fees.test_pay_and_submit import draft  # noqa: F401 (fixture)
from tests.fees.test_pay_and_submit import requested
from tests.fixtures import http_session

import pytest
import transaction


def gpd_status(sandbox, payment):
    return GPDClient(settings=sandbox.settings()).get_position(payment.iupd).status


def delete_as_citizen(site_url, app):
    url = f"{site_url}/{app.aq_parent.getId()}/{app.getId()}"
    web = http_session(app.applicant_id)
    deleted = web.delete(url, headers={"Accept": "application/json"})
    assert deleted.status_code == 204, deleted.text
    transaction.begin()


def reconcile(portal, hour):
    """The worker's hourly reconciliation (scheduled now or earlier), run."""
    schedule_jobs(portal, datetime(2026, 12, 1, hour))
    return run_outbox(portal, reconciliation.KIND)


def test_deleted_draft_invalidates_its_position_once(pagopa_site, draft, sandbox, site_url):
    payment = requested(pagopa_site, draft)
    iuv, amount = payment.iuv, payment.amount
    transaction.commit()
    assert gpd_status(sandbox, payment) == "VALID" or gpd_status(sandbox, payment) == "PUBLISHED"
    delete_as_citizen(site_url, draft)
    jobs = [queue.get_job(pagopa_site, i) for i in queue.open_job_ids(pagopa_site)]
    [job] = [j for j in jobs if j.kind == "pagopa.invalidate"]
    assert job.key == f"pagopa.invalidate:{payment.id}" and job.data["iupd"] == payment.iupd
    assert run_outbox(pagopa_site, "pagopa.invalidate") == ["done"]
    assert gpd_status(sandbox, payment) == "INVALID"
    assert run_outbox(pagopa_site, "pagopa.invalidate") == []  # nothing left, no second call

    # Paid anyway (a PSP that accepted the stale notice): staff see it.
    sandbox.pay(iuv, force=True)
    transaction.commit()
    assert reconcile(pagopa_site, 1) == ["done"]
    [item] = [i for i in unmatched_items(pagopa_site) if i["iuv"] == iuv]
    assert item["kind"] == "paid_after_invalidation" and item["amount"] == amount


def test_a_paid_position_is_never_invalidated(pagopa_site, draft, sandbox, site_url):
    payment = requested(pagopa_site, draft)
    transaction.commit()
    sandbox.pay(payment.iuv)  # paid at the PSP, nobody here knows yet
    delete_as_citizen(site_url, draft)
    assert run_outbox(pagopa_site, "pagopa.invalidate") == ["done"]
    assert gpd_status(sandbox, payment) in ("PAID", "REPORTED")
    [item] = [i for i in unmatched_items(pagopa_site) if i["iuv"] == payment.iuv]
    assert item["kind"] == "paid_after_invalidation"
    assert "eliminata" in item["detail"]


def expire_window(draft):
    type_obj = draft.application_type()
    type_obj.opening = datetime.now() - timedelta(days=10)
    type_obj.closing = datetime.now() - timedelta(days=2)
    transaction.commit()


def run_expiry(portal, hour=0):
    """The hourly sweep as the worker schedules it, then its invalidations."""
    when = datetime(2026, 12, 1, hour)
    [job] = [j for j in schedule_jobs(portal, when) if j.kind == "pagopa.expire"]
    assert [j for j in schedule_jobs(portal, when) if j.kind == "pagopa.expire"] == []
    assert run_outbox(portal, "pagopa.expire") == ["done"]
    return run_outbox(portal, "pagopa.invalidate")


def test_expired_draft_invalidated_then_a_late_payment_is_flagged(pagopa_site, draft,
                                                                   sandbox):
    payment = requested(pagopa_site, draft)
    transaction.commit()
    assert run_expiry(pagopa_site) == []  # window open: nothing expires
    expire_window(draft)
    assert run_expiry(pagopa_site, 1) == ["done"]
    assert payment.state == "invalid" and gpd_status(sandbox, payment) == "INVALID"
    assert draft.fee_payment is None  # the draft no longer waits: it can change again
    assert api.content.get_state(draft) == "draft"
    catalog = pagopa_site.portal_catalog
    assert len(catalog.unrestrictedSearchResults(UID=draft.UID(), payment_states="invalid")) == 1
    sandbox.pay(payment.iuv, force=True)
    transaction.commit()
    assert reconcile(pagopa_site, 2) == ["done"]
    assert [m["kind"] for m in payment.mismatches] == ["paid_after_invalidation"]
    assert api.content.get_state(draft) == "draft"  # a late payment submits nothing


def test_expiry_pays_instead_when_the_citizen_paid(pagopa_site, draft, sandbox):
    payment = requested(pagopa_site, draft)
    transaction.commit()
    sandbox.pay(payment.iuv)
    expire_window(draft)
    assert run_expiry(pagopa_site) == ["done"]
    assert payment.state == "paid" and gpd_status(sandbox, payment) in ("PAID", "REPORTED")
    assert api.content.get_state(draft) == "submitted"


def test_due_date_passed_expires_too(pagopa_site, draft, sandbox):
    payment = requested(pagopa_site, draft)
    payment.due_date = datetime.now().date() - timedelta(days=1)
    transaction.commit()
    assert run_expiry(pagopa_site) == ["done"]
    assert payment.state == "invalid"


def test_not_configured_schedules_no_expiry(pagopa_site, sandbox):
    api.portal.set_registry_record("comune.istanze.pagopa.client", "")
    transaction.commit()
    jobs = schedule_jobs(pagopa_site, datetime(2026, 12, 1, 5))
    assert [j for j in jobs if j.kind.startswith("pagopa.")] == []


def test_answers_and_attachments_frozen_while_paying(pagopa_site, draft, site_url):
    requested(pagopa_site, draft)
    transaction.commit()
    url = f"{site_url}/{draft.aq_parent.getId()}/{draft.getId()}"
    web = http_session(draft.applicant_id)
    json = {"Accept": "application/json"}
    patched = web.patch(url, headers=json, json={"metri": 1.0})
    assert patched.status_code == 400
    assert "non si possono più modificare" in patched.json()["error"]["message"]
    uploaded = web.post(f"{url}/@istanze-allegati", headers=json, json={
        "name": "planimetria", "filename": "p.pdf", "content-type": "application/pdf",
        "data": "JVBERi0xLjQK"})
    assert uploaded.status_code == 403, uploaded.text
    assert "non si possono più modificare" in uploaded.json()["error"]["message"]
    page = web.get(f"{url}/@@compila?step=1", allow_redirects=False)
    assert page.status_code == 302 and page.headers["Location"].rstrip("/") == url
    shown = web.get(url).text
    assert "Il pagamento è in corso" in shown
    transaction.begin()
    assert draft.metri == 12.0 and len(payments_of(draft)) == 1

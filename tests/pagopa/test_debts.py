"""Import of the Comune's own debt positions (TARI, fines...) over the sandbox."""

from comune.istanze.demo.debts import foreign_position
from comune.istanze.fakes import fiscal_code
from comune.istanze.integrations.pagopa import debts
from comune.istanze.integrations.pagopa import owed
from comune.istanze.integrations.pagopa.debtors import Debtor
from comune.istanze.integrations.pagopa.debtors import IDebtorResolver
from comune.istanze.integrations.pagopa.gpd import GPDClient
from comune.istanze.integrations.pagopa.ledger import ledger_of
from comune.istanze.outbox import queue
from comune.istanze.outbox.worker import process
from comune.istanze.outbox.worker import schedule_jobs
from datetime import date
from datetime import datetime
from datetime import timedelta
from plone import api
from tests.pagopa.conftest import CREDITOR
from tests.pagopa.test_client import position as product_position
from tests.pagopa.test_positions import pagopa_site  # noqa: F401
from zope.component import getGlobalSiteManager
from zope.configuration import xmlconfig

import pytest
import transaction


A = fiscal_code("Anna", "Tributi", 1981, 4, 9, True)
B = fiscal_code("Bruno", "Multe", 1975, 11, 2)


def publish(client, n, debtor=A, start=0, **kw):
    """``n`` foreign positions of ``debtor``, published as a back-end does."""
    made = []
    for k in range(start, start + n):
        pos = foreign_position(CREDITOR, f"{CREDITOR}-TARI-{debtor}-{k}", debtor, "Debitore",
                               f"TARI 2026 rata {k}", 1000 + k,
                               date.today() + timedelta(days=10 + k % 30), **kw)
        client.create_position(pos, publish=True)
        made.append(pos)
    return made


def run_import(portal, hour):
    """Enqueue as the worker's schedule does, and run the import job."""
    [job] = [j for j in schedule_jobs(portal, datetime(2026, 12, 1, hour))
             if j.kind == debts.KIND]
    return process(portal, job.id), job


def totals(job):
    return {k: sum(job.results[f"list:{s}"][k] for s in debts.SCANNED)
            for k in debts.OUTCOMES}


@pytest.fixture
def gpd(sandbox):
    return GPDClient(settings=sandbox.settings())


def test_paginated_import_then_only_changes_then_nothing(pagopa_site, sandbox, gpd):
    made = publish(gpd, 57) + publish(gpd, 3, debtor=B)  # 60 positions: 2 pages of 50
    own = product_position(n=1)  # made by comune.istanze for an application
    gpd.create_position(own, publish=True)
    ledger_of(pagopa_site).by_iuv[own.payment_options[0].iuv] = ("uid", "payment-1")
    nobody = foreign_position(CREDITOR, f"{CREDITOR}-X-1", A, "x", "Senza debitore", 500,
                              date.today() + timedelta(days=5))
    nobody.payment_options[0].metadata = {}
    gpd.create_position(nobody, publish=True)
    transaction.commit()

    state, first = run_import(pagopa_site, 1)
    assert state == "done"
    assert first.results["progress:VALID"]["page"] == 2  # 62 listed, 50 a page
    assert totals(first) == {"new": 60, "changed": 0, "unchanged": 0, "own": 1,
                             "unknown_debtor": 1}
    mine = owed.pending_of(pagopa_site, A)
    assert len(mine) == 57 and len(owed.pending_of(pagopa_site, B)) == 3
    debt = next(d for d in mine if d["iupd"] == made[0].iupd)
    assert debt["amount"] == 1000 and debt["description"] == "TARI 2026 rata 0"
    assert debt["nav"] == made[0].payment_options[0].nav and debt["status"] == "VALID"
    assert debt["due_date"].date() == date.today() + timedelta(days=10)

    # second run: one position changed, one new, the rest untouched (not even resolved)
    changed = made[5]
    changed.payment_options[0].amount = changed.payment_options[0].transfers[0].amount = 4321
    gpd.update_position(changed, publish=True)
    publish(gpd, 1, start=100)
    state, second = run_import(pagopa_site, 2)
    assert state == "done"
    assert totals(second) == {"new": 1, "changed": 1, "unchanged": 59, "own": 1,
                              "unknown_debtor": 1}
    assert second.results["sweep"] == 0
    amounts = {d["iupd"]: d["amount"] for d in owed.pending_of(pagopa_site, A)}
    assert amounts[changed.iupd] == 4321 and len(amounts) == 58

    # third run on nothing new: idempotent, no debt written twice
    state, third = run_import(pagopa_site, 3)
    assert totals(third)["new"] == totals(third)["changed"] == 0
    assert len(owed.debts_of(pagopa_site, A)) == 58 and len(owed.debts_of(pagopa_site, B)) == 3
    store = owed.store_of(pagopa_site)
    assert len(store.pending) == 61 and len(store.debtor_of) == 61


def test_paid_invalid_and_expired_leave_pending(pagopa_site, sandbox, gpd):
    paid, cancelled, expired, kept = publish(gpd, 4)
    transaction.commit()
    assert run_import(pagopa_site, 1)[0] == "done"
    assert len(owed.pending_of(pagopa_site, A)) == 4
    sandbox.pay(paid.payment_options[0].iuv, organization=CREDITOR)
    gpd.invalidate_position(cancelled.iupd)
    sandbox.call_json("/_control/expire", {"organization": CREDITOR, "iupd": expired.iupd})

    state, job = run_import(pagopa_site, 2)
    assert state == "done" and job.results["sweep"] == 3
    assert [d["iupd"] for d in owed.pending_of(pagopa_site, A)] == [kept.iupd]
    status = {d["iupd"]: d for d in owed.debts_of(pagopa_site, A)}
    assert status[paid.iupd]["status"] == "PAID" and status[paid.iupd]["paid_at"] is not None
    assert status[paid.iupd]["option_status"] == "PO_PAID"
    assert status[cancelled.iupd]["status"] == "INVALID"
    assert status[expired.iupd]["status"] == "EXPIRED"
    assert run_import(pagopa_site, 3)[1].results["sweep"] == 0  # nothing left to check


def test_gpd_down_the_job_is_retried_and_nothing_is_doubled(pagopa_site, sandbox, gpd):
    publish(gpd, 3)
    transaction.commit()
    sandbox.mode("down")
    state, job = run_import(pagopa_site, 1)
    assert state == queue.PENDING and job.attempts == 1 and "pagoPA" in job.last_error
    assert owed.pending_of(pagopa_site, A) == []
    sandbox.mode("ok")
    job.next_attempt = 0
    transaction.commit()
    assert process(pagopa_site, job.id) == queue.DONE
    assert len(owed.pending_of(pagopa_site, A)) == 3
    job.results.pop("sweep")  # the same run resumed once more: still three
    job.results.pop("list:PARTIALLY_PAID")
    job.state, job.next_attempt = queue.PENDING, 0
    transaction.commit()
    assert process(pagopa_site, job.id) == queue.DONE
    assert len(owed.debts_of(pagopa_site, A)) == 3


def test_no_second_import_while_one_is_open(pagopa_site, sandbox):
    first = debts.Schedule().schedule(pagopa_site, datetime(2026, 12, 1, 9, 5))
    assert first.key == "pagopa.debts:2026-12-01T09"
    assert debts.Schedule().schedule(pagopa_site, datetime(2026, 12, 1, 10, 1)) is None
    api.portal.set_registry_record("comune.istanze.pagopa_debts.resolver", "")
    first.state = queue.DONE
    assert debts.Schedule().schedule(pagopa_site, datetime(2026, 12, 1, 11, 1)) is None
    api.portal.set_registry_record("comune.istanze.pagopa_debts.resolver", "metadati")
    later = debts.Schedule().schedule(pagopa_site, datetime(2026, 12, 1, 11, 2))
    assert later.key == "pagopa.debts:2026-12-01T11"


class TributesResolver:
    """A Comune's own resolver: its tributes system knows the debtor by IUPD."""

    title = "Anagrafe tributi (prova)"
    known = {}

    def resolve(self, position, option):
        code = self.known.get(position.iupd)
        return Debtor(code, "Dal gestionale") if code else None


ZCML = """<configure xmlns="http://namespaces.zope.org/zope">
  <utility name="tributi-prova" factory="tests.pagopa.test_debts.TributesResolver"
           provides="comune.istanze.integrations.pagopa.debtors.IDebtorResolver" />
</configure>"""


@pytest.fixture
def plugged_resolver():
    context = xmlconfig.file("meta.zcml", package=__import__("zope.component").component)
    xmlconfig.string(ZCML, context=context)
    yield TributesResolver
    getGlobalSiteManager().unregisterUtility(provided=IDebtorResolver, name="tributi-prova")
    TributesResolver.known.clear()


def test_a_resolver_plugged_by_zcml_is_used(pagopa_site, sandbox, gpd, plugged_resolver):
    plain = foreign_position(CREDITOR, f"{CREDITOR}-IMU-1", A, "x", "IMU 2026 acconto", 9000,
                             date.today() + timedelta(days=15))
    plain.payment_options[0].metadata = {}  # this back-end writes no metadata
    gpd.create_position(plain, publish=True)
    plugged_resolver.known[plain.iupd] = B
    api.portal.set_registry_record("comune.istanze.pagopa_debts.resolver", "tributi-prova")
    transaction.commit()
    state, job = run_import(pagopa_site, 1)
    assert state == "done" and totals(job)["new"] == 1
    [debt] = owed.pending_of(pagopa_site, B)
    assert debt["iupd"] == plain.iupd and debt["debtor_name"] == "Dal gestionale"
    assert owed.pending_of(pagopa_site, A) == []


def test_the_demo_debts_reach_the_demo_citizens(pagopa_site, sandbox, pagopa_server):
    from comune.istanze.demo.content import CITIZENS
    from sandbox.pagopa.server import seed_demo

    assert seed_demo(pagopa_server.platform, CREDITOR) == 3  # what make start publishes
    assert run_import(pagopa_site, 1)[0] == "done"
    mario, giulia, luca = (fiscal_code(*c) for c in CITIZENS)
    assert [d["description"][:4] for d in owed.pending_of(pagopa_site, mario)] == \
        ["Sanz", "TARI"]  # due first
    [canteen] = owed.pending_of(pagopa_site, giulia)
    assert canteen["amount"] == 5500 and canteen["debtor_name"] == "Giulia Bianchi"
    assert owed.pending_of(pagopa_site, luca) == []


def test_a_run_cut_after_one_page_resumes_at_the_next(pagopa_site, sandbox, gpd, monkeypatch):
    from comune.istanze.integrations.pagopa.errors import PagoPAUnavailable

    publish(gpd, 60)
    transaction.commit()
    real, pages = GPDClient.list_positions, []

    def cut_after_first_page(self, status=None, page=0, **kw):
        pages.append((status, page))
        if page == 1 and len(pages) == 2:
            raise PagoPAUnavailable("Servizio pagoPA non raggiungibile: prova")
        return real(self, status=status, page=page, **kw)

    monkeypatch.setattr(GPDClient, "list_positions", cut_after_first_page)
    state, job = run_import(pagopa_site, 1)
    assert state == queue.PENDING and job.results["progress:VALID"]["page"] == 1
    assert len(owed.pending_of(pagopa_site, A)) == 50  # the first page, committed
    job.next_attempt = 0
    transaction.commit()
    assert process(pagopa_site, job.id) == queue.DONE
    assert pages[:3] == [("VALID", 0), ("VALID", 1), ("VALID", 1)]  # page 0 not read again
    assert job.results["list:VALID"]["new"] == 60
    assert len(owed.debts_of(pagopa_site, A)) == 60

"""The PEC channel through the real outbox worker (committed steps, backoff,
the batch's list job first, then the PEC jobs)."""

from comune.istanze.backoffice import actions
from comune.istanze.backoffice import communications
from comune.istanze.integrations.pdnd import client as pdnd_client
from comune.istanze.messages.store import find_by_key
from comune.istanze.outbox import queue
from comune.istanze.outbox import worker
from datetime import datetime
from datetime import timedelta
from plone import api
from tests.inad.test_pec import apply
from tests.inad.test_pec import configure
from tests.inad.test_pec import jobs
from tests.inad.test_pec import pec_mails

import pytest
import transaction


@pytest.fixture
def site(functional_portal, pdnd, inad):
    yield configure(functional_portal, pdnd, inad)
    pdnd_client().vouchers.forget()


def run_worker(app, portal, first_kind=None):
    """One pass of the worker; jobs due at once (``first_kind`` before the rest)."""
    transaction.begin()
    for job in queue.all_jobs(portal):
        job.next_attempt = 0 if job.kind == first_kind else 1
    transaction.commit()
    return worker.run(app, portal.getId(), once=True)


def test_the_worker_sends_the_pec_and_records_it(functional, functional_portal, site, inad):
    casa, mailhost = site
    app = apply(functional_portal, casa, "Mario")
    msg = actions.request_integration(app, "Manca il contratto", datetime.now() + timedelta(days=9))
    transaction.commit()
    run_worker(functional["app"], functional_portal)
    transaction.begin()
    [job] = jobs(functional_portal, "pec.message")
    assert job.state == queue.DONE and job.results["sent"] == "mario.rossi@pec.cittadini.example"
    assert msg.deliveries["pec"]["status"] == "sent"
    assert [m["To"] for m in pec_mails(mailhost)] == ["mario.rossi@pec.cittadini.example"]
    assert len(inad.log("extract")) == 1


def test_a_batch_waits_for_its_list_then_sends(functional, functional_portal, site, inad):
    casa, mailhost = site
    apps = [apply(functional_portal, casa, who) for who in ("Mario", "Giulia")]
    brains = api.portal.get_tool("portal_catalog")(UID=[a.UID() for a in apps])
    batch = communications.create_batch(brains, "Chiusura uffici", "Chiusi il 24 dicembre.")
    communications.send(batch)
    transaction.commit()
    run_worker(functional["app"], functional_portal, first_kind="inad.list")
    transaction.begin()
    [listing] = jobs(functional_portal, "inad.list")
    assert listing.state == queue.PENDING and "request:0" in listing.results  # in elaborazione
    assert all(j.state == queue.PENDING and "INAD" in j.last_error
               for j in jobs(functional_portal, "pec.message"))
    run_worker(functional["app"], functional_portal, first_kind="inad.list")
    transaction.begin()
    assert listing.state == queue.DONE
    assert all(j.state == queue.DONE for j in jobs(functional_portal, "pec.message"))
    assert sorted(m["To"] for m in pec_mails(mailhost)) == [
        "giulia.bianchi@pec.cittadini.example", "mario.rossi@pec.cittadini.example"]
    assert len(inad.log("listDigitalAddress")) == 1 and inad.log("extract") == []
    for app in apps:
        assert find_by_key(app, f"batch:{batch.id}").deliveries["pec"]["status"] == "sent"

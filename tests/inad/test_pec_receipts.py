"""PEC receipts end to end: the "pec" job sends through the site's real
MailHost to the sandbox mail sink (the Comune's PEC provider), the
``pec.receipts`` job reads the receipts over POP3 and updates the delivery."""

from comune.istanze.integrations.inad import mailbox
from comune.istanze.integrations.pdnd import client as pdnd_client
from comune.istanze.outbox import queue
from comune.istanze.outbox import worker
from datetime import datetime
from datetime import timedelta
from email.message import EmailMessage
from plone import api
from tests.inad.test_pec import apply
from tests.inad.test_pec import ask_integration
from tests.inad.test_pec import configure
from tests.inad.test_pec import PEC_SENDER
from tests.inad.test_pec_worker import run_worker
from tests.personal_area.world import session
from tests.sandbox.test_mailsink_pec import pec_sink  # noqa: F401 (fixture)

import poplib
import pytest
import transaction


MARIO_PEC = "mario.rossi@pec.cittadini.example"


@pytest.fixture
def site(functional, functional_portal, pdnd, inad, pec_sink):
    casa, _ = configure(functional_portal, pdnd, inad, mock_mail=False)
    api.portal.set_registry_record("plone.smtp_host", "127.0.0.1")
    api.portal.set_registry_record("plone.smtp_port", pec_sink.smtp_port)
    api.portal.set_registry_record("plone.email_from_address", "servizi@comune.example")
    api.portal.set_registry_record("plone.email_from_name", "Comune di Esempio")
    transaction.commit()
    yield casa
    pdnd_client().vouchers.forget()


def send_pec(functional, portal, casa):
    """Mario's integration request, sent by the real worker: (app, message)."""
    app = apply(portal, casa, "Mario")
    msg = ask_integration(app)
    transaction.commit()
    run_worker(functional["app"], portal)
    transaction.begin()
    assert msg.deliveries["pec"]["status"] == "sent", dict(msg.deliveries["pec"])
    return app, msg


def open_mailbox(sink):
    """Point the site at the sink's POP3 mailbox (after sending: the worker's
    own scheduling must not read the receipts before the test does)."""
    for name, value in (("host", "127.0.0.1"), ("port", sink.pop3_port), ("ssl", False),
                        ("user", PEC_SENDER), ("password", sink.password)):
        api.portal.set_registry_record(f"comune.istanze.inad.pec_pop3_{name}", value)
    transaction.commit()


def receipts_job(portal, minute):
    """The receipts job of period ``minute`` (scheduled once per period), run."""
    now = datetime(2026, 11, 30, 10, 0) + timedelta(minutes=minute)
    [job] = [j for j in worker.schedule_jobs(portal, now) if j.kind == mailbox.RECEIPTS_KIND]
    later = worker.schedule_jobs(portal, now + timedelta(seconds=30))  # same period: no other
    assert [j for j in later if j.kind == mailbox.RECEIPTS_KIND] == []
    state = worker.process(portal, job.id)
    transaction.begin()
    return state, queue.get_job(portal, job.id)


def left_in_mailbox(sink):
    return [r["ricevuta"] or r["subject"] for r in sink.call_json("/api/pec")["receipts"]]


def test_the_delivery_receipt_makes_the_pec_delivered(functional, functional_portal, site,
                                                      pec_sink):
    app, msg = send_pec(functional, functional_portal, site)
    record = msg.deliveries["pec"]
    sent = pec_sink.call_json("/api/pec")["receipts"]
    assert [r["ricevuta"] for r in sent] == ["accettazione", "avvenuta-consegna"]
    assert {r["riferimento"] for r in sent} == {record["message_id"]}
    assert app.UID() in record["message_id"] and msg.id in record["message_id"]
    open_mailbox(pec_sink)
    state, job = receipts_job(functional_portal, 0)
    assert state == queue.DONE
    assert job.results["read"] == {"applied": 2, "known": 0, "unknown": 0, "other": 0}
    assert job.results["deleted"] == 2 and left_in_mailbox(pec_sink) == []
    assert record["status"] == "delivered" and record["address"] == MARIO_PEC
    assert record["detail"] == mailbox.DELIVERED_DETAIL
    assert abs(record["at"] - datetime.now()) < timedelta(minutes=2)  # the receipt's date
    area = session(app.Creator()).get(
        f"{api.portal.get().absolute_url()}/@@area-personale", timeout=60)
    assert area.status_code == 200
    assert "PEC (domicilio digitale INAD) (consegnato)" in area.text


def test_an_errore_consegna_makes_it_failed(functional, functional_portal, site, pec_sink):
    pec_sink.call("/_control/pec", {"reject": [MARIO_PEC]})
    app, msg = send_pec(functional, functional_portal, site)
    open_mailbox(pec_sink)
    state, job = receipts_job(functional_portal, 5)
    record = msg.deliveries["pec"]
    assert state == queue.DONE and record["status"] == "failed"
    assert record["detail"] == "Mancata consegna: Casella del destinatario inesistente (sandbox)"


def test_a_job_dying_before_dele_applies_nothing_twice(functional, functional_portal, site,
                                                       pec_sink, monkeypatch):
    app, msg = send_pec(functional, functional_portal, site)
    open_mailbox(pec_sink)

    def dies(self, which):
        raise ConnectionResetError("connessione persa")

    monkeypatch.setattr(poplib.POP3, "dele", dies)
    state, job = receipts_job(functional_portal, 10)
    record = msg.deliveries["pec"]
    assert state == queue.PENDING and "connessione persa" in job.last_error
    assert record["status"] == "delivered"  # committed before the DELE
    delivered_at, seen = record["at"], record["receipts"]
    assert len(seen) == 2
    assert left_in_mailbox(pec_sink) == ["accettazione", "avvenuta-consegna"]  # nothing lost
    monkeypatch.undo()
    job.next_attempt = 0
    transaction.commit()
    assert worker.process(functional_portal, job.id) == queue.DONE
    transaction.begin()
    assert job.results["read"] == {"applied": 0, "known": 2, "unknown": 0, "other": 0}
    assert record["receipts"] == seen and record["at"] == delivered_at
    assert record["detail"] == mailbox.DELIVERED_DETAIL  # the accettazione did not undo it
    assert left_in_mailbox(pec_sink) == []


def test_unknown_receipts_and_other_mail_stay_and_are_counted(functional, functional_portal,
                                                              site, pec_sink):
    app, msg = send_pec(functional, functional_portal, site)
    forged = EmailMessage()
    forged["Subject"], forged["X-Ricevuta"] = "CONSEGNA: altro", "avvenuta-consegna"
    # names this application and message, but is not the Message-ID we sent
    forged["X-Riferimento-Message-ID"] = f"<1.2.3.{app.UID()}.{msg.id}@elsewhere.example>"
    forged.set_content("ricevuta")
    pec_sink.provider.put(forged.as_bytes())
    pec_sink.provider.put(b"Subject: Buongiorno\r\n\r\nUna PEC di un cittadino.\r\n")
    pec_sink.call("/_control/pec", {"reject": []})
    open_mailbox(pec_sink)
    state, job = receipts_job(functional_portal, 15)
    assert job.results["read"] == {"applied": 2, "known": 0, "unknown": 1, "other": 1}
    assert left_in_mailbox(pec_sink) == ["avvenuta-consegna", "Buongiorno"]
    assert msg.deliveries["pec"]["status"] == "delivered"


def test_no_mailbox_no_receipts_job(functional_portal):
    assert mailbox.ReceiptsSchedule().schedule(functional_portal, datetime.now()) is None

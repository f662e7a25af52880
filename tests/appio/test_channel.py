"""The "appio" channel end to end: the office's choice, the outbox job, the sandbox inbox."""

from comune.istanze.backoffice import actions
from comune.istanze.channels import dispatch
from comune.istanze.channels.display import delivery_rows
from comune.istanze.channels.interfaces import IMessageChannels
from comune.istanze.fees.office import request_payment
from comune.istanze.integrations.appio.errors import AppIOUnavailable
from comune.istanze.integrations.appio.errors import NoticeNotReady
from comune.istanze.integrations.appio.job import AppIOMessageJob
from comune.istanze.integrations.appio.job import NOT_ALLOWED
from comune.istanze.integrations.appio.job import NOT_IN_IO
from comune.istanze.integrations.pagopa.storage import payments_of
from comune.istanze.messages.store import add_message
from comune.istanze.outbox import queue
from datetime import datetime
from datetime import timedelta
from plone import api
from tests.appio.conftest import PAYEE
from tests.appio.conftest import Steps
from tests.fees.conftest import fee_type
from tests.fees.test_office import submitted
from tests.fixtures import login
from tests.fixtures import make_citizen
from tests.fixtures import make_staff
from tests.fixtures import make_type
from tests.fixtures import submit_as
from zope.component import getUtility
from zope.schema.interfaces import IVocabularyFactory

import pytest


@pytest.fixture
def casa(appio_site):
    casa = make_type(appio_site, code="CASA", title="Contributo affitto")
    IMessageChannels(casa).channels_integration_request = ["email", "appio"]
    IMessageChannels(casa).channels_communication = ["appio"]
    return casa


@pytest.fixture
def app(appio_site, casa):
    app = submit_as(appio_site, casa, make_citizen("Mario", "Rossi"))
    make_staff("istruttore", casa, "Istruttore")
    login(appio_site, "istruttore")
    return app


def appio_job(portal, msg):
    return queue.get_job(portal, msg.deliveries["appio"]["job"])


def run(job, app):
    AppIOMessageJob().run(job, app, Steps(job))


def test_a_configured_app_io_is_offered_plainly(casa):
    vocabulary = getUtility(IVocabularyFactory, "comune.istanze.Channels")(casa)
    assert {t.value: t.title for t in vocabulary}["appio"] == "App IO"


def test_an_integration_request_reaches_the_app_io_inbox(appio_site, app, io):
    deadline = datetime.now() + timedelta(days=10)
    msg = actions.request_integration(app, "Allegare il contratto registrato", deadline)
    assert msg.deliveries["appio"]["status"] == "queued", msg.deliveries["appio"]["detail"]
    assert msg.deliveries["email"]["status"] == "unavailable"  # this site has no email sender
    job = appio_job(appio_site, msg)
    assert job.kind == "appio.message" and job.data["fiscal_code"] == app.applicant_id
    run(job, app)
    [received] = io.inbox(app.applicant_id)
    content = received["content"]
    assert content["subject"] == msg.subject
    assert "Allegare il contratto registrato" in content["markdown"]
    assert app.number in content["markdown"] and "@@area-personale" in content["markdown"]
    assert content["due_date"].endswith("Z") and "payment_data" not in content
    assert job.results["message_id"] == received["id"]
    assert msg.deliveries["appio"]["status"] == "delivered"
    rows = {r["channel"]: r["status_title"] for r in delivery_rows(msg)}
    assert rows == {"email": "non disponibile", "appio": "consegnato"}
    assert io.state()["profile_reads"] == [app.applicant_id]  # the profile first


def test_a_retried_job_never_sends_twice(appio_site, app, io):
    io.hold()  # App IO keeps the message ACCEPTED: the job comes back for the status
    msg, _created = add_message(app, "communication", "Avviso di manutenzione", "Testo", "x")
    dispatch(app, msg)
    job = appio_job(appio_site, msg)
    with pytest.raises(AppIOUnavailable):
        run(job, app)
    assert msg.deliveries["appio"]["status"] == "sent"
    with pytest.raises(AppIOUnavailable):
        run(job, app)  # a retry: status only
    io.hold(False)
    run(job, app)
    assert len(io.inbox(app.applicant_id)) == 1
    assert msg.deliveries["appio"]["status"] == "delivered"


def test_status_checks_end_leaving_it_sent(appio_site, app, io):
    io.hold()
    msg, _created = add_message(app, "communication", "Avviso di manutenzione", "Testo", "x")
    dispatch(app, msg)
    job = appio_job(appio_site, msg)
    job.attempts = 4  # more than comune.istanze.appio.status_checks (3)
    run(job, app)
    assert msg.deliveries["appio"]["status"] == "sent"
    assert delivery_rows(msg)[0]["status_title"] == "inviato"


@pytest.mark.parametrize("profile, detail", [(False, NOT_ALLOWED), ("absent", NOT_IN_IO)])
def test_nothing_is_sent_without_the_citizens_consent(appio_site, app, io, profile, detail):
    io.profile(app.applicant_id, profile)
    msg, _created = add_message(app, "communication", "Avviso di manutenzione", "Testo", "x")
    dispatch(app, msg)
    run(appio_job(appio_site, msg), app)
    assert io.inbox() == [] and io.state()["sent_to_refused"] == []
    record = msg.deliveries["appio"]
    assert (record["status"], record["detail"]) == ("unavailable", detail)
    assert delivery_rows(msg)[0]["status_title"] == "non disponibile"


def test_a_failure_is_retried_and_sends_once(appio_site, app, io):
    msg, _created = add_message(app, "communication", "Avviso di manutenzione", "Testo", "x")
    dispatch(app, msg)
    job = appio_job(appio_site, msg)
    io.mode("fail", times=1)
    with pytest.raises(AppIOUnavailable):
        run(job, app)
    assert msg.deliveries["appio"]["status"] == "queued" and io.inbox() == []
    io.mode("down", times=1)
    with pytest.raises(AppIOUnavailable):
        run(job, app)
    run(job, app)
    assert len(io.inbox()) == 1 and msg.deliveries["appio"]["status"] == "delivered"


def test_a_job_failed_for_good_reads_not_sent(appio_site, app, io):
    msg, _created = add_message(app, "communication", "Avviso di manutenzione", "Testo", "x")
    dispatch(app, msg)
    queue.mark_failed(appio_site, appio_job(appio_site, msg), "App IO 500", permanent=True)
    assert delivery_rows(msg)[0]["status_title"] == "non riuscito"


def test_a_lost_answer_to_the_submission_is_sent_again(appio_site, app, io):
    """The spec has no idempotency key for messages: at least once, never lost."""
    msg, _created = add_message(app, "communication", "Avviso di manutenzione", "Testo", "x")
    dispatch(app, msg)
    job = appio_job(appio_site, msg)
    job.results["profile"] = "allowed"  # the profile step was done
    io.mode("lose_response", times=1)
    with pytest.raises(AppIOUnavailable):
        run(job, app)
    assert "message_id" not in job.results
    run(job, app)
    assert len(io.inbox()) == 2 and msg.deliveries["appio"]["status"] == "delivered"


def test_app_io_turned_off_after_queueing_is_said(appio_site, app, io):
    msg, _created = add_message(app, "communication", "Avviso di manutenzione", "Testo", "x")
    dispatch(app, msg)
    api.portal.set_registry_record("comune.istanze.appio.url", "")
    run(appio_job(appio_site, msg), app)
    assert msg.deliveries["appio"]["status"] == "unavailable" and io.inbox() == []


def test_a_payment_notice_can_be_paid_in_app_io(appio_site, io):
    copies = fee_type(appio_site, when="acceptance", code="ACCESSO", title="Copie di atti")
    IMessageChannels(copies).channels_payment_notice = ["appio"]
    app = submitted(appio_site, copies)
    make_staff("istruttore_acc", copies, "Istruttore")
    login(appio_site, "istruttore_acc")
    payment = request_payment(app, "12,50", "Diritti di ricerca", "Tre fascicoli", "2099-01-31")
    assert payment.emailed is False  # only App IO was chosen for payment notices
    [msg] = [m for m in app._messages.values() if m.payment == payment.id]
    assert set(msg.deliveries) == {"appio"} and "email" not in msg.body
    job = appio_job(appio_site, msg)
    with pytest.raises(NoticeNotReady):
        run(job, app)  # the GPD position is not published yet
    assert io.inbox() == []
    payment.iuv, payment.notice_number = "01000000000000123", "301000000000000123"
    run(job, app)
    [received] = io.inbox(app.applicant_id)
    assert received["content"]["payment_data"] == {
        "amount": 1250, "notice_number": "301000000000000123",
        "invalid_after_due_date": False, "payee": {"fiscal_code": PAYEE}}
    assert received["content"]["due_date"] == "2099-01-31T22:59:59.000Z"
    assert "€ 12,50" in received["content"]["markdown"]


def test_a_decision_asking_the_fee_carries_payment_data(appio_site, io):
    """The fee due after acceptance: the decision (its own channels) lets the citizen pay in App IO."""
    copies = fee_type(appio_site, when="acceptance", code="ACCESSO", title="Copie di atti")
    IMessageChannels(copies).channels_decision = ["appio"]
    IMessageChannels(copies).channels_payment_notice = []  # decisions keep their own choice
    app = submitted(appio_site, copies)
    make_staff("resp_acc", copies, "Responsabile")
    login(appio_site, "resp_acc")
    actions.decide(app, "accept", "Accolta: le copie sono pronte.")
    [msg] = [m for m in app._messages.values() if m.kind == "decision"]
    [payment] = [p for p in payments_of(app) if p.id == msg.payment]
    job = appio_job(appio_site, msg)
    with pytest.raises(NoticeNotReady):
        run(job, app)
    payment.iuv, payment.notice_number = "01000000000000124", "301000000000000124"
    run(job, app)
    [received] = io.inbox(app.applicant_id)
    assert received["content"]["payment_data"]["amount"] == payment.amount
    assert received["content"]["payment_data"]["notice_number"] == "301000000000000124"
    assert "Accolta: le copie sono pronte." in received["content"]["markdown"]

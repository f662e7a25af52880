"""Staff add a payment to one application; a fee due after acceptance."""

from comune.istanze.backoffice import actions
from comune.istanze.backoffice import audit
from comune.istanze.fees.office import request_payment
from comune.istanze.integrations.pagopa.storage import payments_of
from comune.istanze.messages.store import messages_of
from comune.istanze.outbox import queue
from comune.istanze.workflow import submission
from tests.fees.conftest import answer
from tests.fees.conftest import fee_type
from tests.fixtures import login
from tests.fixtures import make_citizen
from tests.fixtures import make_staff
from zope.i18n import translate

import html
import pytest


def submitted(portal, type_obj, first="Mario"):
    citizen = make_citizen(first=first)
    login(portal, citizen.getId())
    app = submission.create_draft(type_obj)
    answer(app)
    submission.submit(app)
    return app


@pytest.fixture
def copies(portal):
    """A type whose fee (€ 16 + table) is due after acceptance."""
    return fee_type(portal, when="acceptance", code="ACCESSO", title="Copie di atti")


def position_jobs(portal):
    jobs = [queue.get_job(portal, i) for i in queue.open_job_ids(portal)]
    return [j for j in jobs if j.kind == "pagopa.position"]


def test_staff_add_a_payment_the_citizen_reads_audited(portal, copies):
    app = submitted(portal, copies)
    make_staff("istruttore_acc", copies, "Istruttore")
    login(portal, "istruttore_acc")
    payment = request_payment(app, "12,50", "Diritti di ricerca e visura",
                              "Servono tre fascicoli d'archivio", "2099-01-31")
    assert (payment.amount, payment.reason, str(payment.due_date)) == (
        1250, "Servono tre fascicoli d'archivio", "2099-01-31")
    assert payment.transfers[0]["category"] == "9/0101108TS/"
    assert len(position_jobs(portal)) == 1  # the position goes through the outbox
    [msg] = [m for m in messages_of(app) if m.subject.startswith("Pagamento richiesto")]
    assert "Servono tre fascicoli d'archivio" in msg.body and "€ 12,50" in msg.body
    [entry] = [e for e in audit.entries(copies) if e["action"] == "payment"]
    assert entry["who"] == "istruttore_acc" and "Servono tre fascicoli" in entry["detail"]


@pytest.mark.parametrize("amount, description, reason, message", [
    ("0", "Diritti", "Motivo", "almeno 1 centesimo"),
    ("abc", "Diritti", "Motivo", "Importo non valido"),
    ("5", "", "Motivo", "la causale e il motivo"),
    ("5", "Diritti", "", "la causale e il motivo"),
])
def test_bad_office_payments_are_refused(portal, copies, amount, description, reason, message):
    app = submitted(portal, copies)
    make_staff("istruttore_acc", copies, "Istruttore")
    login(portal, "istruttore_acc")
    with pytest.raises(actions.ActionError) as exc:
        request_payment(app, amount, description, reason)
    assert message in translate(exc.value.message, target_language="it")
    assert payments_of(app) == []


def test_citizens_and_other_staff_cannot_add_payments(portal, copies):
    app = submitted(portal, copies)
    other = fee_type(portal, code="ALTRO")
    make_staff("istruttore_altro", other, "Istruttore")
    for user in (app.applicant_id, "istruttore_altro"):
        login(portal, user)
        with pytest.raises(actions.ActionError) as exc:
            request_payment(app, "5", "Diritti", "Motivo")
        assert exc.value.status == 403
    assert payments_of(app) == []


def test_fee_after_acceptance_is_charged_and_told_in_the_decision(portal, copies):
    app = submitted(portal, copies)
    assert payments_of(app) == []  # nothing at submission
    make_staff("resp_acc", copies, "Responsabile")
    login(portal, "resp_acc")
    actions.decide(app, "accept", "Accolta: le copie sono pronte.")
    [payment] = payments_of(app)
    assert payment.amount == 1600 + 5000 + 3000 and payment.reason == ""
    [decision] = [m for m in messages_of(app) if m.kind == "decision"]
    assert decision.body.startswith("Accolta: le copie sono pronte.")
    assert "pagamento di € 96,00" in decision.body and "Paga con pagoPA" in decision.body
    assert len(position_jobs(portal)) == 1


def test_rejection_charges_nothing(portal, copies):
    app = submitted(portal, copies)
    make_staff("resp_acc", copies, "Responsabile")
    login(portal, "resp_acc")
    actions.decide(app, "reject", "Respinta: atti non accessibili.")
    assert payments_of(app) == []


def test_rest_payment_action_and_the_citizen_sees_the_reason(pagopa_site, site_url):
    import transaction
    from tests.fees.conftest import run_outbox
    from tests.fixtures import http_session

    copies = fee_type(pagopa_site, when="acceptance", code="ACCESSO", title="Copie di atti")
    app = submitted(pagopa_site, copies)
    make_staff("istruttore_acc", copies, "Istruttore")
    transaction.commit()
    url = f"{site_url}/{copies.getId()}/{app.getId()}"
    body = {"action": "payment", "amount": "7", "description": "Copie conformi",
            "reason": "Richieste copie conformi all'originale"}
    refused = http_session(app.applicant_id).post(f"{url}/@istruttoria", json=body,
                                                  headers={"Accept": "application/json"})
    assert refused.status_code in (401, 403, 404)
    done = http_session("istruttore_acc", password="staff-Password-1").post(
        f"{url}/@istruttoria", json=body, headers={"Accept": "application/json"})
    assert done.status_code == 200, done.text
    assert done.json()["payment"]["amount"] == 700
    transaction.begin()
    assert run_outbox(pagopa_site) == ["done"]
    transaction.commit()
    page = html.unescape(http_session(app.applicant_id).get(url).text)
    assert "Richieste copie conformi all'originale" in page
    assert "Paga con pagoPA" in page and "Scarica l'avviso di pagamento" in page
    [payment] = payments_of(app)
    notice = http_session(app.applicant_id).get(
        f"{url}/@@avviso-pagamento?pagamento={payment.id}")
    assert notice.status_code == 200 and notice.content.startswith(b"%PDF")
    stranger = make_citizen(first="Luca", last="Verdi")
    transaction.commit()
    assert http_session(stranger.getId()).get(
        f"{url}/@@avviso-pagamento?pagamento={payment.id}").status_code == 404
    staff_read = http_session("istruttore_acc", password="staff-Password-1").get(
        f"{url}/@@avviso-pagamento?pagamento={payment.id}")
    assert staff_read.status_code == 200
    transaction.begin()
    assert any(e["action"] == "read" and "avviso di pagamento" in e["detail"]
               for e in audit.entries(copies))


def test_personal_area_offers_pay_while_a_payment_is_due(portal, copies):
    from comune.istanze.integrations.pagopa.storage import mark_paid
    from comune.istanze.personal_area.data import next_action
    from datetime import datetime

    app = submitted(portal, copies)
    catalog = portal.portal_catalog

    def brain():
        [found] = catalog.unrestrictedSearchResults(UID=app.UID())
        return found

    assert next_action(brain()) is None
    make_staff("istruttore_acc", copies, "Istruttore")
    login(portal, "istruttore_acc")
    payment = request_payment(app, "3", "Diritti", "Motivo")
    action = next_action(brain())
    assert (action["kind"], action["url"]) == ("payment", app.absolute_url())
    assert translate(action["title"], target_language="it") == "Paga con pagoPA"
    mark_paid(app, payment, datetime.now())
    assert next_action(brain()) is None


def email_jobs(portal):
    jobs = [queue.get_job(portal, i) for i in queue.open_job_ids(portal)]
    return [j for j in jobs if j.kind == "email"]


def test_office_payment_emails_the_citizen_only_with_a_sender(portal, copies):
    """Message in the personal area always; the email (and the words saying
    so) only when the outbox really queued it."""
    from plone import api

    api.portal.set_registry_record("plone.email_from_address", "")
    app = submitted(portal, copies)
    make_staff("istruttore_acc", copies, "Istruttore")
    login(portal, "istruttore_acc")
    silent = request_payment(app, "4", "Diritti", "Fascicolo in archivio storico")
    assert silent.emailed is False and email_jobs(portal) == []
    [msg] = [m for m in messages_of(app) if m.subject.startswith("Pagamento richiesto")]
    assert "Fascicolo in archivio storico" in msg.body and "email" not in msg.body

    api.portal.set_registry_record("plone.email_from_address", "istanze@comune.example")
    told = request_payment(app, "6", "Copie conformi", "Copie conformi richieste")
    assert told.emailed is True
    [job] = email_jobs(portal)
    assert job.data["to"] == app.applicant_email
    assert "Copie conformi richieste" in job.data["body"] and "€ 6,00" in job.data["body"]
    assert job.key == f"payment-requested:{told.id}"
    msgs = [m for m in messages_of(app) if "Copie conformi richieste" in m.body]
    assert len(msgs) == 1 and "Ti abbiamo inviato anche un'email." in msgs[0].body


def test_office_payment_page_says_email_only_when_queued(portal, copies):
    from comune.istanze.backoffice.work import StaffApplicationView as WorkView
    from plone import api

    app = submitted(portal, copies)
    make_staff("istruttore_acc", copies, "Istruttore")
    login(portal, "istruttore_acc")
    for sender, words in (("", "nessuna email"), ("istanze@comune.example",
                                                  "gli abbiamo inviato un'email")):
        api.portal.set_registry_record("plone.email_from_address", sender)
        request = portal.REQUEST
        request.form.update({"amount": "2", "description": "Diritti", "reason": "Motivo " + words})
        said = translate(WorkView(app, request)._payment(), target_language="it")
        assert words in said

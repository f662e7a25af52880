"""Messages leave on the channels their type chose, per kind; what happened is recorded."""

from comune.istanze.backoffice import actions
from comune.istanze.channels import chosen_channels
from comune.istanze.channels import dispatch
from comune.istanze.channels.display import delivery_rows
from comune.istanze.channels.interfaces import IMessageChannels
from comune.istanze.messages.store import add_message
from comune.istanze.messages.store import messages_of
from comune.istanze.outbox import queue
from comune.istanze.outbox.email import EmailJobHandler
from datetime import datetime
from datetime import timedelta
from plone import api
from tests.fixtures import SavedSteps
from tests.fixtures import install_mailhost
from tests.fixtures import login
from tests.fixtures import make_citizen
from tests.fixtures import make_staff
from tests.fixtures import make_type
from tests.fixtures import submit_as
from zope.component import getUtility
from zope.schema.interfaces import IVocabularyFactory

import pytest


@pytest.fixture
def casa(portal):
    install_mailhost(portal)
    return make_type(portal, code="CASA", title="Contributo affitto")


@pytest.fixture
def app(portal, casa):
    app = submit_as(portal, casa, make_citizen("Mario", "Rossi"))
    make_staff("istruttore", casa, "Istruttore")
    login(portal, "istruttore")
    return app


def jobs(portal, kind, msg=None):
    """Jobs of ``kind`` (about ``msg`` when given; not the submission's emails)."""
    return [j for j in queue.all_jobs(portal) if j.kind == kind
            and (j.data.get("message") == msg.id if msg is not None else "message" in j.data)]


def test_types_choose_email_only_by_default(casa):
    assert IMessageChannels(casa).channels_decision == ["email"]
    for kind in ("communication", "integration_request", "decision", "payment_notice"):
        assert chosen_channels(casa, kind) == ["email"]


def test_integration_request_leaves_by_email_recorded_then_sent(portal, app):
    msg = actions.request_integration(app, "Manca il contratto", datetime.now() + timedelta(days=7))
    [job] = jobs(portal, "email", msg)
    assert job.target == app.UID()
    assert msg.body in job.data["body"] and app.absolute_url() in job.data["body"]
    record = msg.deliveries["email"]
    assert (record["status"], record["address"], record["job"]) == (
        "queued", app.applicant_email, job.id)
    [row] = delivery_rows(msg)
    assert (row["channel_title"], row["status_title"], row["reached"]) == ("Email", "in coda", False)

    EmailJobHandler().run(job, app, SavedSteps(job))  # what the worker does
    queue.mark_done(portal, job)
    assert msg.deliveries["email"]["status"] == "sent"
    assert delivery_rows(msg)[0]["status_title"] == "inviato"


def test_a_job_failed_for_good_reads_not_sent(portal, app):
    msg = actions.request_integration(app, "Manca il contratto", datetime.now() + timedelta(days=7))
    job = queue.get_job(portal, msg.deliveries["email"]["job"])
    queue.mark_failed(portal, job, "SMTP 550", permanent=True)
    assert delivery_rows(msg)[0]["status_title"] == "non riuscito"


def test_dispatch_twice_queues_once(portal, app):
    msg, _created = add_message(app, "communication", "Avviso importante", "Testo", "istruttore")
    dispatch(app, msg, key="avviso-1")
    dispatch(app, msg, key="avviso-1")
    assert [j.key for j in jobs(portal, "email")].count("avviso-1") == 1


def test_no_sender_or_no_address_is_said_unavailable(portal, app):
    api.portal.set_registry_record("plone.email_from_address", "")
    msg, _created = add_message(app, "communication", "Avviso", "Testo", "istruttore")
    dispatch(app, msg)
    assert msg.deliveries["email"]["status"] == "unavailable"
    assert delivery_rows(msg)[0]["status_title"] == "non disponibile"
    api.portal.set_registry_record("plone.email_from_address", "istanze@comune.example")
    app.applicant_email = None
    other, _created = add_message(app, "communication", "Altro", "Testo", "istruttore")
    dispatch(app, other)
    assert other.deliveries["email"]["detail"] == "Nessun indirizzo email nel profilo."
    assert not jobs(portal, "email", other)


def test_the_office_chooses_per_kind(portal, app, casa):
    """Decisions by email; communications by no email: only the chosen channels."""
    IMessageChannels(casa).channels_communication = []
    IMessageChannels(casa).channels_decision = ["email"]
    msg, _created = add_message(app, "communication", "Comunicazione", "Testo", "istruttore")
    assert dispatch(app, msg) == {} and not jobs(portal, "email")
    decision, _created = add_message(app, "decision", "Istanza accolta", "Motivazione", "istruttore")
    dispatch(app, decision)
    [job] = jobs(portal, "email")
    assert job.data["body"].startswith("Motivazione\n\nIl provvedimento è nella tua area personale.")


def test_an_unconfigured_channel_is_marked_and_never_used(portal, app, casa):
    vocabulary = getUtility(IVocabularyFactory, "comune.istanze.Channels")(casa)
    titles = {term.value: term.title for term in vocabulary}
    assert titles["email"] == "Email"
    assert titles["appio"] == "App IO (non configurato: non sarà usato)"
    IMessageChannels(casa).channels_decision = ["email", "appio"]
    decision, _created = add_message(app, "decision", "Istanza accolta", "Motivazione", "istruttore")
    dispatch(app, decision)
    assert decision.deliveries["appio"]["status"] == "unavailable"
    assert not jobs(portal, "appio.message")
    rows = {r["channel"]: r["status_title"] for r in delivery_rows(decision)}
    assert rows == {"email": "in coda", "appio": "non disponibile"}


def test_messages_of_before_the_channels_show_nothing(portal, app):
    msg, _created = add_message(app, "communication", "Vecchio", "Testo", "istruttore")
    assert msg.deliveries is None and delivery_rows(msg) == []
    assert [m.id for m in messages_of(app)][-1] == msg.id

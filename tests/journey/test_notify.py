"""Emails on submission (integration): who gets what, and failures never block."""

from comune.istanze.documents.attachments import add_attachment
from comune.istanze.workflow import submission
from plone import api
from tests.fixtures import deliver_queued_emails
from tests.fixtures import install_mailhost
from tests.fixtures import queued_emails
from tests.journey.conftest import real_pdf

import email
import email.policy


def submit_one(app_type):
    app = submission.create_draft(app_type)
    app.componenti, app.isee, app.indirizzo = 3, 9000.0, "Via Roma 1"
    add_attachment(app, "Contratto di locazione", real_pdf(), "contratto.pdf", app.applicant_id)
    return submission.submit(app)


def parsed(mailhost):
    return {
        str(m["To"]): m
        for m in (email.message_from_bytes(raw if isinstance(raw, bytes) else raw.encode(),
                                           policy=email.policy.default)
                  for raw in mailhost.messages)
    }


def test_citizen_and_office_get_italian_emails(portal, app_type, as_citizen):
    mailhost = install_mailhost(portal)
    app = submit_one(app_type)
    assert mailhost.messages == []  # queued in the outbox, not sent in the request
    assert deliver_queued_emails(portal) == 2
    mails = parsed(mailhost)
    citizen_mail = mails[as_citizen.getProperty("email")]
    body = citizen_mail.get_content()
    assert citizen_mail["Subject"] == f"Istanza n. {app.number} presentata"
    assert "Gentile Mario Rossi" in body and "«Contributo affitto»" in body
    assert app.absolute_url() + "/@@ricevuta" in body
    office = mails["casa@comune.example"]
    assert office["Subject"] == f"Nuova istanza n. {app.number} — Contributo affitto"
    assert app.absolute_url() in office.get_content()
    assert "Comune di Esempio" in str(office["From"])


def test_no_office_email_only_the_citizen(portal, as_citizen):
    from tests.fixtures import make_type

    mailhost = install_mailhost(portal)
    t = make_type(portal, code="SENZAUFF", title="Senza email ufficio", office_email=None)
    submit_one(t)
    deliver_queued_emails(portal)
    assert list(parsed(mailhost)) == [as_citizen.getProperty("email")]


def test_no_sender_configured_submission_still_works(portal, app_type, as_citizen):
    mailhost = install_mailhost(portal)
    api.portal.set_registry_record("plone.email_from_address", "")
    app = submit_one(app_type)
    assert api.content.get_state(app) == "submitted" and app.number
    assert queued_emails(portal) == [] and list(mailhost.messages) == []


def test_broken_mailhost_never_blocks_submission(portal, app_type, as_citizen):
    mailhost = install_mailhost(portal)

    def broken(*args, **kwargs):
        raise ConnectionRefusedError("SMTP down")

    mailhost.send = broken
    app = submit_one(app_type)
    assert api.content.get_state(app) == "submitted" and app.number
    # The worker meets the broken server later; the job is retried, not lost.
    import pytest

    with pytest.raises(ConnectionRefusedError):
        deliver_queued_emails(portal)
    assert len(queued_emails(portal)) == 2

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


def _receipt_html(app):
    from zope.component import getMultiAdapter

    return getMultiAdapter((app, app.REQUEST), name="ricevuta")()


SENT = "Ti abbiamo inviato una copia di questa ricevuta per email"


def test_receipt_says_email_sent_only_when_queued(portal, app_type, as_citizen):
    from comune.istanze.outbox.queue import job_for_key

    install_mailhost(portal)
    app = submit_one(app_type)
    assert job_for_key(portal, f"email:submitted:{app.UID()}") is not None
    html = _receipt_html(app)
    assert SENT in html
    assert "Non ti è stata inviata un'email" not in html


def test_receipt_without_sender_says_how_to_get_it(portal, app_type, as_citizen):
    from comune.istanze.outbox.queue import job_for_key

    install_mailhost(portal)
    api.portal.set_registry_record("plone.email_from_address", "")
    app = submit_one(app_type)
    assert job_for_key(portal, f"email:submitted:{app.UID()}") is None
    html = _receipt_html(app)
    assert SENT not in html
    assert "Non ti è stata inviata un'email" in html
    assert app.absolute_url() + "/@@ricevuta-pdf" in html
    assert "area personale" in html

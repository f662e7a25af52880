"""The citizen's journey through the real publisher (zope.testbrowser)."""

from plone import api
from tests.journey.conftest import real_pdf
from tests.journey.helpers import click
from tests.journey.helpers import current_step
from tests.journey.helpers import fill_nucleo
from tests.journey.helpers import start
from tests.journey.helpers import submit

import email
import email.policy
import re
import transaction


def sent_mails(journey):
    """{recipient: parsed message} of what MailHost received."""
    transaction.begin()
    from tests.fixtures import deliver_queued_emails

    deliver_queued_emails(journey.portal)
    result = {}
    for raw in journey.mailhost.messages:
        raw = raw.decode("utf-8") if isinstance(raw, bytes) else raw
        msg = email.message_from_string(raw, policy=email.policy.default)
        result[str(msg["To"])] = msg
    return result


def draft_of(journey, url):
    transaction.begin()
    return journey.type[url.rstrip("/").rsplit("/", 1)[1]]


def test_anonymous_is_sent_to_login_and_back(journey):
    browser = journey.browser()
    browser.open(journey.type_url + "/@@presenta-istanza")
    assert "login" in browser.url
    assert "came_from" in browser.url and "presenta-istanza" in browser.url


def test_whole_journey_with_draft_resume(journey):
    browser = journey.browser(journey.citizen)
    draft_url = start(browser, journey.type_url)
    # SPID filled «Richiedente»: the draft opens on the first step to fill.
    assert current_step(browser) == "modulo-nucleo"
    assert "1. Richiedente" in browser.contents and "(completato)" in browser.contents
    browser.open(draft_url + "/@@compila?step=richiedente")
    # Step 1: identity data from SPID are shown, not editable.
    assert 'aria-current="step"' in browser.contents
    assert "Richiedente" in browser.contents
    assert journey.citizen in browser.contents
    assert not browser.getControl(name="form.buttons.next").disabled
    names = [c.name for c in browser.getForm(index=0).controls]
    assert "form.widgets.fiscal_code" not in names
    click(browser, "next")
    assert current_step(browser) == "modulo-nucleo"
    # Save an incomplete draft: accepted and said so.
    browser.getControl(name="form.widgets.componenti").value = "4"
    click(browser, "save")
    assert "Bozza salvata" in browser.contents
    draft = draft_of(journey, draft_url)
    assert draft.componenti == 4 and getattr(draft, "isee", None) is None
    assert api.content.get_state(draft) == "draft"
    # Leave, come back: the draft is listed and resumes where it was.
    browser.open(journey.type_url + "/@@le-mie-bozze")
    assert draft_url + "/@@compila" in browser.contents
    browser.open(draft_url + "/@@compila")
    assert browser.getControl(name="form.widgets.componenti").value == "4"
    fill_nucleo(browser)
    click(browser, "next")
    browser.getControl(name="form.widgets.indirizzo").value = "Via Roma 1"
    click(browser, "next")
    browser.getControl(name="allegato-0").add_file(real_pdf(), "application/pdf", "contratto.pdf")
    click(browser, "next")
    assert current_step(browser) == "riepilogo"
    assert "Via Roma 1" in browser.contents and "9.000,00" in browser.contents
    assert "contratto.pdf" in browser.contents
    assert "Il Comune di Esempio tratta i tuoi dati" in browser.contents
    submit(browser)
    assert browser.url.endswith("/@@ricevuta")
    number = re.search(r"\d{4}-CONTAFF-\d{6}", browser.contents).group(0)
    assert "protocollo in corso" in browser.contents
    assert "no-store" in browser.headers["Cache-Control"]  # personal data: never shared caches
    draft = draft_of(journey, draft_url)
    assert draft.number == number
    assert api.content.get_state(draft) == "submitted"
    assert draft.privacy_acknowledged is not None
    # The SHA-256 of the stored attachment is on the receipt.
    from comune.istanze.documents.attachments import attachments_of

    (att,) = attachments_of(draft)
    assert att.sha256 in browser.contents
    # Emails to the citizen and to the office, queued through MailHost.
    mails = sent_mails(journey)
    assert sorted(mails) == ["casa@comune.example", f"{journey.citizen.lower()}@cittadini.example"]
    to_citizen = mails[f"{journey.citizen.lower()}@cittadini.example"]
    assert to_citizen["Subject"] == f"Istanza n. {number} presentata"
    body = to_citizen.get_payload(decode=True).decode("utf-8")
    assert "Gentile Mario Rossi" in body and f"{draft_url}/@@ricevuta" in body
    to_office = mails["casa@comune.example"]
    assert number in to_office["Subject"] and "Contributo affitto" in to_office["Subject"]

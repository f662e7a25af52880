"""Issue 12 §6, in a real Chromium over HTTP against the sandboxes: a citizen
logged in with SPID applies for a family member with the residence prefilled
from ANPR, the office (after seeing the ANPR check) decides, the decision
reaches the personal area, the PEC domicile from INAD (captured by the SMTP
mail sink, which is also the Comune's PEC provider: its delivery receipt,
read over POP3, makes the PEC «consegnato») and the App IO sandbox inbox."""

from comune.istanze.channels.interfaces import IMessageChannels
from comune.istanze.fakes import fiscal_code
from comune.istanze.messages.store import messages_of
from comune.istanze.outbox import worker
from plone import api
from tests.anpr.conftest import anpr  # noqa: F401 (fixture)
from tests.anpr.conftest import anpr_server  # noqa: F401 (fixture)
from tests.anpr.conftest import anpr_type
from tests.anpr.conftest import configure_site
from tests.fixtures import chromium_page
from tests.fixtures import make_citizen
from tests.fixtures import make_staff
from tests.fixtures import page_violations
from tests.fixtures import plone_login
from tests.appio.conftest import appio_server  # noqa: F401 (fixture)
from tests.appio.conftest import configure as configure_appio
from tests.appio.conftest import io  # noqa: F401 (fixture)
from tests.inad.conftest import inad  # noqa: F401 (fixture)
from tests.inad.conftest import inad_server  # noqa: F401 (fixture)
from tests.pdnd.conftest import pdnd  # noqa: F401 (fixture)
from tests.pdnd.conftest import pdnd_server  # noqa: F401 (fixture)
from tests.sandbox.test_mailsink_pec import pec_sink  # noqa: F401 (fixture)
from types import SimpleNamespace

import os
import pytest
import re
import transaction


GIULIA = fiscal_code("Giulia", "Bianchi", 1985, 3, 12, True)
STAFF_PASSWORD = "staff-Password-1"
MARIO_PEC = "mario.rossi@pec.cittadini.example"  # his domicile in the sandbox INAD
PEC_SENDER = "protocollo@pec.comune-esempio.example"


def configure_mail_and_inad(sink, inad):
    """Plone's mail server is the SMTP sink (as with make start); INAD on its sandbox."""
    api.portal.set_registry_record("plone.smtp_host", "127.0.0.1")
    api.portal.set_registry_record("plone.smtp_port", sink.smtp_port)
    api.portal.set_registry_record("plone.email_from_address", "servizi@comune.example")
    for name, value in vars(inad.settings()).items():
        api.portal.set_registry_record(f"comune.istanze.inad.{name}", value)
    api.portal.set_registry_record("comune.istanze.inad.pec_sender", PEC_SENDER)


@pytest.fixture
def world(functional, functional_portal, pdnd, anpr, inad, io, pec_sink):
    from plone.app.testing import applyProfile

    portal = functional_portal
    applyProfile(portal, "comune.istanze:bootstrap_italia")  # the demo site's theme: whole pages checked
    client = configure_site(pdnd, anpr)
    configure_mail_and_inad(pec_sink, inad)
    configure_appio(io)
    type_obj = anpr_type(portal)
    IMessageChannels(type_obj).channels_decision = ["email", "appio", "pec"]
    mario = make_citizen("Mario", "Rossi").getId()
    make_staff("responsabile", type_obj, "Responsabile")
    transaction.commit()
    yield SimpleNamespace(portal=portal, app=functional["app"], type=type_obj, mario=mario,
                          anpr=anpr, inad=inad, io=io, sink=pec_sink, base=f"http://{functional['host']}:{functional['port']}/plone")
    client.vouchers.forget()
    client.evidences.forget()


def shot(web, name):
    """A full-page screenshot when JOURNEY_SCREENSHOTS names a folder (for reviewers)."""
    folder = os.environ.get("JOURNEY_SCREENSHOTS")
    if folder:
        width = web.viewport_size["width"] if web.viewport_size else 0
        web.screenshot(path=os.path.join(folder, f"{name}-{width}.png"), full_page=True)


def apply_with_anpr(world, web):
    """The citizen's part: returns the application's number."""
    from playwright.sync_api import expect

    web.goto(world.type.absolute_url() + "/@@presenta-istanza")
    web.get_by_role("button", name="Inizia la compilazione").click()
    web.wait_for_url(re.compile(r".*/@@compila$"))  # SPID filled «Richiedente»: the next step
    # Residence and birth date from ANPR, each with its visible and spoken mark.
    expect(web.locator("[aria-current='step']")).to_contain_text("Residenza e nascita")
    address = web.get_by_label("Indirizzo di residenza")
    expect(address).to_have_value("VIA ROMA 12")
    expect(address).to_have_attribute("aria-describedby", "form-widgets-indirizzo_residenza-anpr")
    expect(web.locator("#form-widgets-indirizzo_residenza-anpr")).to_contain_text(
        "Valore preso dall'Anagrafe nazionale (ANPR)")
    expect(web.locator(".istanze-anpr .badge")).to_have_count(4)
    assert page_violations(web) == []
    shot(web, "anpr-residenza")
    web.get_by_role("button", name="Avanti").click()
    # The family member, checked in the stato di famiglia.
    web.get_by_label("Nome e cognome del familiare").fill("Giulia Bianchi")
    web.get_by_label("Codice fiscale del familiare").fill(GIULIA)
    web.get_by_label("Ore settimanali di assistenza").fill("12")
    web.get_by_role("button", name="Avanti").click()
    expect(web.locator("[aria-current='step']")).to_contain_text("Riepilogo")
    expect(web.get_by_text("VIA ROMA 12")).to_be_visible()
    web.locator("label[for='form-widgets-privacy_ack-0']").click()  # Bootstrap Italia's checkbox
    web.get_by_role("button", name="Invia l'istanza").click()
    web.wait_for_url("**/@@ricevuta")
    return web.locator("#receipt-number").inner_text()


def office_decides(world, browser, number):
    """The Responsabile, in their own browser context, decides."""
    from playwright.sync_api import expect

    transaction.begin()
    [brain] = api.content.find(application_number=number, unrestricted=True)
    context = browser.new_context(locale="it-IT")
    try:
        web = context.new_page()
        web.set_default_timeout(60000)
        plone_login(web, world.base, "responsabile", STAFF_PASSWORD)
        web.goto(brain.getURL() + "/@@istruttoria")
        expect(web.locator(".istanze-anpr-status")).to_have_text("Verificata con ANPR")
        expect(web.locator(".istanze-anpr-detail")).to_contain_text("residente (ESEMPIO)")
        expect(web.locator(".istanze-anpr-detail")).to_contain_text(GIULIA)
        assert page_violations(web) == []  # the staff page with the ANPR box, whole page
        shot(web, "istruttoria-verifica-anpr")
        web.locator("label[for='o-accept']").click()  # Bootstrap Italia draws the radio on its label
        web.locator("#motivation").fill("Requisiti verificati: contributo concesso.")
        web.get_by_role("button", name="Registra il provvedimento").click()
        expect(web.get_by_text("Provvedimento registrato")).to_be_visible()
    finally:
        context.close()
    transaction.begin()
    return brain._unrestrictedGetObject()


def open_pec_mailbox(sink):
    """The Comune's PEC mailbox: the sink's POP3 (as make start sets it)."""
    transaction.begin()
    for name, value in (("host", "127.0.0.1"), ("port", sink.pop3_port), ("ssl", False),
                        ("user", PEC_SENDER), ("password", sink.password)):
        api.portal.set_registry_record(f"comune.istanze.inad.pec_pop3_{name}", value)
    transaction.commit()


def run_outbox(world, rounds=3):
    for _ in range(rounds):
        transaction.begin()
        for job in worker.queue.all_jobs(world.portal):
            job.next_attempt = 0
        transaction.commit()
        worker.run(world.app, world.portal.getId(), once=True)
    transaction.begin()


@pytest.mark.browser
@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, {"width": 375, "height": 800}],
                         ids=["desktop", "phone"])
def test_anpr_prefill_decision_personal_area_and_channels(world, viewport):
    from playwright.sync_api import expect

    with chromium_page(world.base, world.mario, viewport=viewport) as web:
        number = apply_with_anpr(world, web)
        assert re.fullmatch(r"\d{4}-ASSFAM-\d{6}", number)
        app = office_decides(world, web.context.browser, number)
        assert api.content.get_state(app) == "accepted"
        run_outbox(world)
        # The personal area: the decision, and the channels it left by.
        web.goto(world.base + "/area-personale")
        expect(web.locator("body")).to_contain_text(number)
        expect(web.locator("body")).to_contain_text("Accolta")
        channels = web.locator(".ap-message-channels").first
        expect(channels.locator("[data-channel='email']")).to_contain_text("inviato")
        expect(channels.locator("[data-channel='appio']")).to_contain_text("consegnato")
        expect(channels.locator("[data-channel='pec']")).to_contain_text("inviato")
        assert page_violations(web) == []
        shot(web, "area-personale-canali")
        # The PEC provider's receipts, read from the Comune's PEC mailbox.
        open_pec_mailbox(world.sink)
        run_outbox(world, rounds=1)
        web.goto(world.base + "/area-personale")
        channels = web.locator(".ap-message-channels").first
        expect(channels.locator("[data-channel='pec']")).to_contain_text("consegnato")
    # The PEC: to the domicile INAD gave, through the Comune's mail server (the sink).
    pec = [m for m in world.sink.call_json("/api/messages")["messages"]
           if m["envelope_to"] == [MARIO_PEC]]
    assert len(pec) == 1 and number in pec[0]["subject"] + pec[0]["body"]
    assert pec[0]["envelope_from"] == PEC_SENDER
    assert [c["operation"] for c in world.inad.log()] == ["extract"]
    # App IO: the sandbox's inbox of Mario's codice fiscale has the decision.
    [io_message] = world.io.inbox(world.mario)
    assert io_message["status"] == "PROCESSED"
    assert number in io_message["content"]["subject"] + io_message["content"]["markdown"]
    transaction.begin()
    [decision] = [m for m in messages_of(app) if m.kind == "decision"]
    assert decision.deliveries["pec"]["address"] == MARIO_PEC
    assert decision.deliveries["pec"]["status"] == "delivered"  # the avvenuta-consegna
    assert world.sink.call_json("/api/pec")["receipts"] == []  # read and deleted
    assert decision.deliveries["appio"]["status"] == "delivered"  # App IO said PROCESSED
    cases = [c["case"] for c in world.anpr.call_json("/calls.json")["items"]]
    assert cases[:3] == ["C020", "C015", "C021"]  # prefill + residence, then the family step

"""Chromium: an operator files for a citizen at the desk (the citizen signs on
the tablet); the citizen then logs in through the sandbox SPID broker and
finds the application in the personal area."""

from datetime import date
from datetime import timedelta
from plone.app.textfield.value import RichTextValue
from sandbox.oidc_broker.identities import CITIZENS
from tests.fixtures import chromium_page
from tests.fixtures import make_type
from tests.frontdesk.helpers import make_operator
from tests.frontdesk.helpers import OPERATOR
from tests.personal_area.test_browser import FORM
from tests.personal_area.world import STAFF_PASSWORD
from tests.spid.flow import browser_login

import pytest
import re
import transaction


GIULIA = CITIZENS[1]


@pytest.fixture
def service(spid_site):
    type_obj = make_type(
        spid_site, code="PASSO", title="Passo carrabile", xml=FORM, attachments=[],
        privacy_notice=RichTextValue("<p>Informativa privacy del Comune.</p>", "text/html",
                                     "text/x-html-safe"))
    make_operator(type_obj)
    transaction.commit()
    return type_obj


def sign_on_the_pad(web):
    from playwright.sync_api import expect

    expect(web.locator("#firma-canvas")).to_be_visible()  # the pad appears with JavaScript
    box = web.locator("#firma-canvas").bounding_box()
    web.mouse.move(box["x"] + 30, box["y"] + box["height"] / 2)
    web.mouse.down()
    for step in range(1, 12):
        web.mouse.move(box["x"] + 30 + step * 25, box["y"] + 40 + (step % 2) * 80, steps=4)
    web.mouse.up()


@pytest.mark.browser
def test_operator_files_citizen_finds_it_after_spid_login(spid_site, site_url, broker_server, service):
    from playwright.sync_api import expect

    expiry = (date.today() + timedelta(days=700)).isoformat()
    with chromium_page(site_url, OPERATOR, STAFF_PASSWORD) as web:
        web.goto(f"{site_url}/@@sportello")
        expect(web.get_by_role("heading", name="Sportello", exact=True)).to_be_visible()
        web.get_by_label("Servizio richiesto").select_option(label="Passo carrabile")
        web.get_by_label("Codice fiscale").fill(GIULIA["fiscal_code"])
        web.get_by_label("Nome", exact=True).fill(GIULIA["given_name"])
        web.get_by_label("Cognome").fill(GIULIA["family_name"])
        web.get_by_label("Email (facoltativa, per le comunicazioni)").fill("giulia@cittadini.example")
        web.get_by_label("Tipo di documento").select_option(label="Passaporto")
        web.get_by_label("Numero del documento").fill("YA1234567")
        web.get_by_label("Rilasciato da").fill("Questura di Esempio")
        web.get_by_label("Data di scadenza").fill(expiry)
        web.get_by_role("button", name="Identifica e inizia l'istanza").click()
        web.wait_for_url(re.compile(r".*/@@compila$"))
        expect(web.locator("#content")).to_contain_text(GIULIA["family_name"])
        web.get_by_role("button", name="Avanti").click()
        web.get_by_label("Motivo della richiesta").fill("Accesso al garage")
        web.get_by_role("button", name="Avanti").click()
        expect(web.locator("[aria-current='step']")).to_contain_text("Riepilogo")
        # Without the signature the submission is refused.
        web.get_by_label("Dichiaro di aver letto l'informativa").check()
        web.get_by_role("button", name="Invia l'istanza").click()
        expect(web.locator("#content")).to_contain_text("Manca la firma del cittadino")
        web.get_by_role("link", name="Firma del riepilogo").click()
        web.wait_for_url("**/@@firma-sportello")
        sign_on_the_pad(web)
        web.get_by_role("button", name="Salva la firma").click()
        web.wait_for_url(re.compile(r".*step=riepilogo$"))
        expect(web.locator(".istanze-firma-sportello")).to_contain_text("è stata acquisita")
        web.get_by_label("Dichiaro di aver letto l'informativa").check()
        web.get_by_role("button", name="Invia l'istanza").click()
        web.wait_for_url(f"{site_url}/@@sportello")
        message = web.locator(".portalMessage").filter(has_text="Istanza inviata per conto di")
        expect(message).to_be_visible()
        number = re.search(r"Numero: (\S+)\.", message.inner_text()).group(1)
        # The citizen, at her next SPID login, in another browser session.
        citizen = web.context.browser.new_page(locale="it-IT")
        citizen.set_default_timeout(60000)
        browser_login(citizen, f"{site_url}/{service.getId()}", broker_server.broker.issuer, GIULIA)
        citizen.goto(f"{site_url}/area-personale")
        card = citizen.locator(".ap-istanza").filter(has_text=number)
        expect(card.locator(".ap-state")).to_have_text("Presentata")
        # The operator no longer reaches the application.
        answer = web.request.get(card.get_by_role("link").first.get_attribute("href"))
        assert answer.status == 404
    transaction.begin()
    (app,) = service.objectValues()
    assert app.number == number and app.applicant_id == GIULIA["fiscal_code"]
    assert app.channel == "sportello" and app.frontdesk["document_type"] == "passaporto"
    assert [a.mime for a in app._attachments.values()] == ["image/png"]

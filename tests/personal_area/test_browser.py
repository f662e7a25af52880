"""Chromium: "Entra con SPID / CIE", pick an identity on the sandbox broker
(real HTTP redirects), apply, find the application in the personal area,
answer the office's integration request with a file, read a message."""

from comune.istanze.backoffice import actions
from datetime import datetime
from datetime import timedelta
from tests.fixtures import login
from plone.app.textfield.value import RichTextValue
from sandbox.oidc_broker.identities import CITIZENS
from tests.fixtures import chromium_page
from tests.fixtures import make_staff
from tests.fixtures import make_type
from tests.journey.conftest import real_pdf

import pytest
import re
import transaction


PAOLO = CITIZENS[4]
FORM = """<model xmlns="http://namespaces.plone.org/supermodel/schema">
  <schema>
    <fieldset name="richiesta" label="La richiesta">
      <field name="motivo" type="zope.schema.TextLine"><title>Motivo della richiesta</title></field>
    </fieldset>
  </schema>
</model>"""
REQUEST_TEXT = "Allegare copia del documento di identità"


@pytest.fixture
def service(spid_site):
    type_obj = make_type(
        spid_site, code="PASSO", title="Passo carrabile", xml=FORM, attachments=[],
        privacy_notice=RichTextValue("<p>Informativa privacy del Comune.</p>", "text/html",
                                     "text/x-html-safe"))
    make_staff("istruttore_passo", type_obj, "Istruttore")
    transaction.commit()
    return type_obj


def ask_integration(portal, type_obj):
    transaction.begin()
    (app,) = type_obj.objectValues()
    login(portal, "istruttore_passo")
    actions.request_integration(app, REQUEST_TEXT, datetime.now() + timedelta(days=15))
    transaction.commit()
    return app


@pytest.mark.browser
def test_spid_apply_personal_area_integration_message(spid_site, site_url, broker_server,
                                                      service, tmp_path):
    from playwright.sync_api import expect
    type_url = f"{site_url}/{service.getId()}"
    pdf = tmp_path / "documento.pdf"
    pdf.write_bytes(real_pdf("Documento di identità"))
    with chromium_page() as web:
        # Login through the sandbox broker.
        web.goto(type_url)
        web.get_by_role("link", name="Entra con SPID / CIE").click()
        web.wait_for_url(f"{broker_server.broker.issuer}/authorize**")
        web.get_by_label(f"Paolo Romano — {PAOLO['fiscal_code']}").check()
        web.get_by_label("SPID").check()
        web.get_by_label("Livello 2").check()
        web.get_by_role("button", name="Accedi").click()
        web.wait_for_url(type_url)
        # Apply.
        web.get_by_role("link", name="Presenta istanza").first.click()
        web.wait_for_url("**/@@presenta-istanza")
        web.get_by_role("button", name="Inizia la compilazione").click()
        web.wait_for_url(re.compile(r".*/@@compila$"))
        web.get_by_role("button", name="Avanti").click()
        web.get_by_label("Motivo della richiesta").fill("Accesso al garage")
        web.get_by_role("button", name="Avanti").click()
        expect(web.locator("[aria-current='step']")).to_contain_text("Riepilogo")
        web.get_by_label("Dichiaro di aver letto l'informativa").check()
        web.get_by_role("button", name="Invia l'istanza").click()
        web.wait_for_url("**/@@ricevuta")
        number = web.locator("#receipt-number").inner_text()
        # The personal area lists it, with my identity data.
        web.goto(f"{site_url}/area-personale")
        card = web.locator(".ap-istanza").filter(has_text=number)
        expect(card.locator(".ap-state")).to_have_text("Presentata")
        expect(web.locator(".ap-identity")).to_contain_text(PAOLO["fiscal_code"])
        expect(web.locator(".ap-identity")).to_contain_text("SPID, livello 2")
        # The office asks for an integration.
        ask_integration(spid_site, service)
        web.reload()
        expect(card.locator(".ap-state")).to_have_text("Integrazione richiesta")
        expect(web.locator(".ap-unread")).to_contain_text("1 da leggere")
        card.get_by_role("link", name="Invia l'integrazione").click()
        web.wait_for_url("**/@@integrazione")
        expect(web.locator(".ap-request")).to_contain_text(REQUEST_TEXT)
        web.get_by_label("Testo dell'integrazione").fill("Ecco il documento richiesto")
        web.get_by_label("Allegati").set_input_files(str(pdf))
        web.get_by_role("button", name="Invia l'integrazione").click()
        web.wait_for_url(f"{site_url}/area-personale")
        expect(web.get_by_text("Integrazione inviata")).to_be_visible()
        expect(card.locator(".ap-state")).to_have_text("In istruttoria")
        expect(web.locator(".ap-document").filter(has_text="documento.pdf")).to_have_count(1)
        # Read the office's message: it is then read.
        web.locator(".ap-message-unread a").click()
        expect(web.locator(".ap-message-body")).to_contain_text(REQUEST_TEXT)
        web.get_by_role("link", name="Torna all'area personale").click()
        expect(web.locator(".ap-unread")).to_have_count(0)
        expect(web.locator(".ap-message-unread")).to_have_count(0)
    transaction.begin()
    (app,) = service.objectValues()
    assert app.number == number and app.applicant_id == PAOLO["fiscal_code"]
    history = app.workflow_history["istanza_workflow"]
    assert history[-1]["action"] == "send_integration"
    assert history[-1]["comments"] == "Ecco il documento richiesto"

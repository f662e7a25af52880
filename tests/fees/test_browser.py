"""Chromium: apply to a type with a fee at submission, «Paga e invia», pay in
the sandbox checkout ("Paga"), come back, see "Pagato" and the application
submitted with its receipt."""

from plone.app.textfield.value import RichTextValue
from tests.fees.conftest import fee_type
from tests.fees.conftest import run_outbox
from tests.fixtures import chromium_page
from tests.fixtures import make_citizen

import pytest
import re
import transaction


@pytest.mark.browser
def test_pay_and_submit_through_the_sandbox_checkout(pagopa_site, site_url, sandbox):
    from playwright.sync_api import expect

    type_obj = fee_type(pagopa_site, privacy_notice=RichTextValue(
        "<p>Informativa privacy del Comune.</p>", "text/html", "text/x-html-safe"))
    citizen = make_citizen()
    transaction.commit()
    type_url = f"{site_url}/{type_obj.getId()}"
    with chromium_page(site_url, user_id=citizen.getId()) as web:
        web.goto(f"{type_url}/@@presenta-istanza")
        web.get_by_role("button", name="Inizia la compilazione").click()
        web.wait_for_url(re.compile(r".*/@@compila$"))
        web.get_by_role("button", name="Avanti").click()
        web.get_by_label("Metri quadrati").fill("12")
        web.get_by_label("Zona").select_option("centro")
        web.get_by_role("button", name="Avanti").click()
        expect(web.locator("[aria-current='step']")).to_contain_text("Riepilogo")
        expect(web.get_by_role("button", name="Invia l'istanza")).to_have_count(0)
        web.get_by_label("Dichiaro di aver letto l'informativa").check()
        web.get_by_role("button", name="Paga e invia").click()
        web.wait_for_load_state()
        expect(web.get_by_text("In attesa del pagamento")).to_be_visible()
        expect(web.locator(".payment-state")).to_have_text("In preparazione")
        app_url = web.url.split("?")[0].rstrip("/")
        transaction.begin()
        assert run_outbox(pagopa_site) == ["done"]  # the position is published
        web.reload()
        expect(web.locator(".payment-state")).to_have_text("Da pagare")
        expect(web.get_by_role("link", name="Scarica l'avviso di pagamento")).to_be_visible()
        web.get_by_role("button", name="Paga con pagoPA").click()
        web.wait_for_url(f"{sandbox.base}/checkout/carrello/**")
        expect(web.get_by_text("€ 96,00").or_(web.get_by_text("96,00"))).not_to_have_count(0)
        web.get_by_role("button", name="Paga").click()
        web.wait_for_url(re.compile(r".*/@@pagopa-esito\?.*esito=ok"))
        expect(web.locator("#payment-outcome")).to_have_text("Pagato")
        expect(web.locator("#payment-submitted")).to_contain_text("Presentata")
        web.get_by_role("link", name="Ricevuta").click()
        web.wait_for_url("**/@@ricevuta")
        number = web.locator("#receipt-number").inner_text()
        expect(web.locator(".payment-state")).to_have_text("Pagato")
    transaction.begin()
    (app,) = type_obj.objectValues()
    assert app.absolute_url() == app_url.replace("/view", "")
    assert app.number == number and app.sequence == 1

"""The whole citizen's journey in a real Chromium (Playwright) over HTTP."""

from tests.fixtures import chromium_page
from tests.journey.conftest import real_pdf

import os
import pytest
import re


@pytest.mark.browser
def test_login_apply_save_resume_submit(journey, tmp_path):
    from playwright.sync_api import expect

    base = f"http://{journey.host}:{journey.port}/plone"
    type_url = base + "/" + journey.type.getId()
    shots = os.environ.get("JOURNEY_SCREENSHOTS")
    with chromium_page(base, journey.citizen) as web:
        # The type page, "Presenta istanza", the choice of capacity.
        web.goto(type_url)
        web.get_by_role("link", name="Presenta istanza").first.click()
        web.wait_for_url("**/@@presenta-istanza")
        expect(web.get_by_label("Per sé")).to_be_checked()
        web.get_by_role("button", name="Inizia la compilazione").click()
        web.wait_for_url(re.compile(r".*/@@compila$"))
        draft_url = web.url.rsplit("/@@compila", 1)[0]
        # SPID filled the applicant step and nothing there can change: the
        # draft opens on the first step to fill, «Richiedente» done.
        expect(web.locator("[aria-current='step']")).to_contain_text("Nucleo familiare")
        web.locator("nav.istanze-steps a", has_text="Richiedente").click()
        # Step 1: identity from SPID, read-only; step indicator.
        expect(web.locator("[aria-current='step']")).to_contain_text("Richiedente")
        expect(web.locator("#form-widgets-fiscal_code")).to_have_text(journey.citizen)
        assert web.locator("input[name='form.widgets.fiscal_code']").count() == 0
        if shots:
            web.screenshot(path=os.path.join(shots, "1-richiedente.png"), full_page=True)
        web.get_by_role("button", name="Avanti").click()
        # Step 2: one fieldset of the form; "Avanti" validates it.
        expect(web.locator("[aria-current='step']")).to_contain_text("Nucleo familiare")
        web.get_by_role("button", name="Avanti").click()
        expect(web.locator("#step-status")).to_contain_text("Controlla i campi evidenziati")
        web.get_by_label("Componenti del nucleo").fill("3")
        web.get_by_label("Valore ISEE").fill("9000")
        web.get_by_role("button", name="Avanti").click()
        expect(web.locator("[aria-current='step']")).to_contain_text("Alloggio")
        web.get_by_label("Indirizzo dell'alloggio").fill("Via Roma 1")
        web.get_by_role("button", name="Avanti").click()
        # Attachments: a small real PDF, then "Salva bozza".
        expect(web.locator("[aria-current='step']")).to_contain_text("Allegati")
        web.set_input_files("#allegato-0", files=[{
            "name": "contratto.pdf", "mimeType": "application/pdf", "buffer": real_pdf()}])
        web.get_by_role("button", name="Salva bozza").click()
        expect(web.get_by_text("Bozza salvata", exact=False)).to_be_visible()
        expect(web.get_by_role("link", name="contratto.pdf")).to_be_visible()
        if shots:
            web.screenshot(path=os.path.join(shots, "2-allegati.png"), full_page=True)
        # Leave, then resume from the type page.
        web.goto(base)
        web.goto(type_url)
        web.get_by_role("link", name="Presenta istanza").first.click()
        web.wait_for_url("**/@@presenta-istanza")
        web.locator(f"a[href='{draft_url}/@@compila']").click()
        expect(web.locator("[aria-current='step']")).to_contain_text("Allegati")
        expect(web.get_by_role("link", name="contratto.pdf")).to_be_visible()
        web.get_by_role("button", name="Avanti").click()
        # Review: every answer, the privacy notice, explicit submit.
        expect(web.locator("[aria-current='step']")).to_contain_text("Riepilogo")
        expect(web.get_by_text("Via Roma 1")).to_be_visible()
        expect(web.get_by_text("9.000,00")).to_be_visible()
        expect(web.get_by_text("Il Comune di Esempio tratta i tuoi dati")).to_be_visible()
        if shots:
            web.screenshot(path=os.path.join(shots, "3-riepilogo.png"), full_page=True)
        web.get_by_label("Dichiaro di aver letto l'informativa").check()
        web.get_by_role("button", name="Invia l'istanza").click()
        # Receipt with the number.
        web.wait_for_url("**/@@ricevuta")
        number = web.locator("#receipt-number").inner_text()
        assert re.fullmatch(r"\d{4}-CONTAFF-\d{6}", number)
        expect(web.get_by_text("protocollo in corso")).to_be_visible()
        if shots:
            web.screenshot(path=os.path.join(shots, "4-ricevuta.png"), full_page=True)
    import transaction

    transaction.begin()
    app = journey.type[draft_url.rsplit("/", 1)[1]]
    assert app.number == number

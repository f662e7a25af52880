"""A professional files for a client in a real Chromium, JavaScript off
(the step is re-rendered by the server), at desktop and phone widths.
(axe-core needs JavaScript: the page with JavaScript is checked by
tests/journey/test_accessibility.py.)"""

from tests.fixtures import chromium_page
from tests.journey.conftest import real_pdf
from tests.representation.conftest import CLIENT_CF
from tests.representation.conftest import drafts

import os
import pytest
import re


@pytest.mark.browser
@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, {"width": 375, "height": 800}],
                         ids=["desktop", "phone"])
def test_professional_without_javascript(rep, viewport):
    from playwright.sync_api import expect

    shots = os.environ.get("JOURNEY_SCREENSHOTS")
    base = rep.portal.absolute_url()
    with chromium_page(base, rep.mario, java_script_enabled=False, viewport=viewport) as web:
        web.goto(rep.both.absolute_url() + "/@@presenta-istanza")
        expect(web.locator("#portal-footer-wrapper, footer").first).to_be_attached()
        web.get_by_label("un cliente, come professionista incaricato (con procura)").check()
        web.locator("#represented_name").fill("Carla Neri")
        web.locator("#represented_tax_id").fill(CLIENT_CF[:-1] + "0")
        web.get_by_role("button", name="Inizia la compilazione").click()
        expect(web.locator("#represented_tax_id-error")).to_contain_text(
            "Il codice fiscale del cliente non è valido")
        expect(web.locator("#procura-error")).to_contain_text("Allega la procura")
        expect(web.get_by_label("un cliente, come professionista incaricato (con procura)")).to_be_checked()
        if shots:
            web.screenshot(path=os.path.join(shots, f"rappr-errori-{viewport['width']}.png"), full_page=True)
        assert drafts(rep.both) == []
        web.locator("#represented_tax_id").fill(CLIENT_CF)
        web.set_input_files("#procura", files=[{"name": "procura.pdf", "mimeType": "application/pdf",
                                                "buffer": real_pdf("Procura")}])
        web.get_by_role("button", name="Inizia la compilazione").click()
        web.wait_for_url(re.compile(r".*/@@compila$"))
        # SPID filled «Richiedente»: the first step to fill; the client is on «Richiedente».
        web.get_by_role("button", name="Indietro").click()
        expect(web.locator("body")).to_contain_text(f"Carla Neri ({CLIENT_CF})")
        (app,) = drafts(rep.both)
        assert app.representation["kind"] == "professionista"

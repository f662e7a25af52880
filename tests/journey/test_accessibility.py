"""WCAG 2.1 A/AA checks (axe-core, run by Playwright in Chromium) on the
citizen's pages: the type page, the choice of capacity, the form's steps
(also with errors), the review, the receipt and the personal area.

Only the page's own content (``#content``) is checked: the site's theme and
toolbar are Plone's, not this add-on's.
"""

from tests.fixtures import chromium_page
from tests.fixtures import wcag_violations
from tests.journey.conftest import real_pdf

import pytest
import re


@pytest.mark.browser
def test_citizen_pages_have_no_wcag_violations(journey):
    base = f"http://{journey.host}:{journey.port}/plone"
    checked = {}
    with chromium_page(base, journey.citizen) as web:

        def check(name):
            checked[name] = wcag_violations(web)

        web.goto(journey.type_url)
        check("pagina del servizio")
        web.get_by_role("link", name="Presenta istanza").first.click()
        web.wait_for_url("**/@@presenta-istanza")
        check("scelta della veste")
        web.get_by_role("button", name="Inizia la compilazione").click()
        web.wait_for_url(re.compile(r".*/@@compila$"))
        check("passo 1: richiedente")
        web.get_by_role("button", name="Avanti").click()
        web.get_by_role("button", name="Avanti").click()  # empty: errors shown
        web.locator("#step-status").wait_for()
        check("passo con errori")
        web.get_by_label("Componenti del nucleo").fill("3")
        web.get_by_label("Valore ISEE").fill("9000")
        web.get_by_role("button", name="Avanti").click()
        web.get_by_label("Indirizzo dell'alloggio").fill("Via Roma 1")
        web.get_by_role("button", name="Avanti").click()
        web.set_input_files("#allegato-0", files=[{
            "name": "contratto.pdf", "mimeType": "application/pdf", "buffer": real_pdf()}])
        web.get_by_role("button", name="Salva bozza").click()
        check("allegati")
        web.get_by_role("button", name="Avanti").click()
        check("riepilogo")
        web.get_by_label("Dichiaro di aver letto l'informativa").check()
        web.get_by_role("button", name="Invia l'istanza").click()
        web.wait_for_url("**/@@ricevuta")
        check("ricevuta")
        web.goto(base + "/area-personale")
        check("area personale")
        # the check does find a fault when there is one
        web.evaluate("document.querySelector('#content').insertAdjacentHTML("
                     "'beforeend', '<img src=\"data:,\">')")
        assert any(v.startswith("image-alt") for v in wcag_violations(web))
    assert len(checked) == 8
    assert {page: found for page, found in checked.items() if found} == {}

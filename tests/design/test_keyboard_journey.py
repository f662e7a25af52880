"""Keyboard only (Tab, Shift+Tab, Enter, Space and typing) from the type page
to the receipt, with the Bootstrap Italia theme: every focused control shows
a visible focus ring. The type admits one way of applying, so «Presenta
istanza» on the type page starts the draft, which opens on the first step to
fill (SPID filled «Richiedente»); each «Avanti» answers with the next step."""

from tests.design.test_axe_pages import themed_site  # noqa: F401 (fixture)
from tests.fixtures import chromium_page
from tests.fixtures import page_violations
from tests.journey.conftest import real_pdf

import pytest
import transaction


FOCUS = """() => { const e = document.activeElement, s = getComputedStyle(e);
  return {tag: e.tagName, id: e.id, name: e.getAttribute('name'), text: (e.innerText || e.value || '').trim(),
          label: e.labels && e.labels.length ? e.labels[0].innerText.trim() : '',
          ring: (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== 'none'}; }"""


def tab_to(web, match, limit=80, key="Tab"):
    """Press Tab until the focused element matches; every stop must show focus."""
    for _ in range(limit):
        web.keyboard.press(key)
        focused = web.evaluate(FOCUS)
        if focused["tag"] != "BODY":
            assert focused["ring"], f"focus not visible on {focused}"
        if match(focused):
            return focused
    raise AssertionError(f"not reached with {key}: {match}")


def text_is(text):
    return lambda f: f["text"] == text


def label_is(text):
    return lambda f: f["label"].startswith(text)


@pytest.mark.browser
def test_keyboard_only_from_type_page_to_receipt(themed_site, tmp_path):
    from playwright.sync_api import expect

    themed_site["type"].applicant_kinds = ["self"]  # nothing to choose
    transaction.commit()
    with chromium_page(themed_site["base"], themed_site["citizen"],
                       viewport={"width": 1280, "height": 800}) as web:
        web.goto(themed_site["type"].absolute_url())
        assert page_violations(web) == []  # the type page with its start button
        focused = tab_to(web, text_is("Presenta istanza"))
        assert focused["tag"] == "BUTTON"
        web.keyboard.press("Enter")
        web.wait_for_url("**/@@compila")
        expect(web.locator("[aria-current='step']")).to_contain_text("Nucleo familiare")
        tab_to(web, text_is("Avanti"))
        web.keyboard.press("Enter")  # empty: the errors
        expect(web.locator("#step-status")).to_be_visible()
        assert web.get_attribute("#form-widgets-componenti", "inputmode") == "numeric"
        assert web.get_attribute("#form-widgets-isee", "inputmode") == "decimal"
        tab_to(web, label_is("Componenti del nucleo"))
        web.keyboard.type("3")
        tab_to(web, label_is("Valore ISEE"))
        web.keyboard.type("9000")
        tab_to(web, label_is("Componenti del nucleo"), key="Shift+Tab")  # and back
        tab_to(web, text_is("Avanti"))
        web.keyboard.press("Enter")
        expect(web.locator("[aria-current='step']")).to_contain_text("Alloggio")
        tab_to(web, label_is("Indirizzo dell'alloggio"))
        web.keyboard.type("Via Roma 1")
        tab_to(web, text_is("Avanti"))
        web.keyboard.press("Enter")
        expect(web.locator("[aria-current='step']")).to_contain_text("Allegati")
        tab_to(web, lambda f: f["id"] == "allegato-0")
        with web.expect_file_chooser() as chooser:
            web.keyboard.press("Space")
        chooser.value.set_files(files=[{"name": "contratto.pdf", "mimeType": "application/pdf",
                                        "buffer": real_pdf()}])
        tab_to(web, text_is("Avanti"))
        web.keyboard.press("Enter")
        expect(web.locator("[aria-current='step']")).to_contain_text("Riepilogo")
        tab_to(web, lambda f: f["id"] == "form-widgets-privacy_ack-0")
        web.keyboard.press("Space")
        tab_to(web, text_is("Invia l'istanza"))
        web.keyboard.press("Enter")
        web.wait_for_url("**/@@ricevuta")
        expect(web.locator("#receipt-number")).to_have_text(re_number())


def re_number():
    import re

    return re.compile(r"\d{4}-CASA-\d{6}")

"""Chromium, at desktop and phone widths: the English browser gets English,
the switch in the header changes the language and keeps it, page after page."""

from tests.fixtures import chromium_page
from tests.fixtures import make_type

import pytest
import transaction


@pytest.mark.browser
@pytest.mark.parametrize("width,height", [(1280, 800), (375, 812)])
def test_switching_language_in_the_header(functional_portal, width, height):
    from playwright.sync_api import expect

    service = make_type(functional_portal, code="LINGUA", title="Contributo affitto")
    transaction.commit()
    base = functional_portal.absolute_url()
    with chromium_page(locale="en-GB", viewport={"width": width, "height": height}) as web:
        web.goto(base)
        expect(web.locator("html")).to_have_attribute("lang", "en")  # the browser's language
        switch = web.get_by_role("navigation", name="Lingua / Language")
        expect(switch).to_be_visible()
        switch.get_by_role("link", name="Italiano").click()
        web.wait_for_load_state()
        expect(web.locator("html")).to_have_attribute("lang", "it")
        expect(web.get_by_text("Entra con SPID / CIE").first).to_be_visible()
        web.goto(service.absolute_url())  # the choice is kept on the next page
        expect(web.locator("html")).to_have_attribute("lang", "it")
        switch.get_by_role("link", name="English").click()
        web.wait_for_load_state()
        assert web.url.startswith(service.absolute_url())  # same page
        expect(web.locator("html")).to_have_attribute("lang", "en")
        expect(switch.locator("[aria-current='true']")).to_have_text("English")
        expect(web.get_by_text("Log in with SPID / CIE").first).to_be_visible()
        assert web.evaluate("document.documentElement.scrollWidth") <= width

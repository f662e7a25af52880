"""Chromium: a conditional form with JavaScript (immediate) and without
(«Aggiorna le domande» re-renders the step), at desktop and phone widths,
with no WCAG 2.1 A/AA violation axe-core can find on the whole page
(Bootstrap Italia theme, as the other whole-page checks)."""

from tests.conditions.conftest import cond_world
from tests.design.conftest import themed_portal  # noqa: F401 (fixture)
from tests.fixtures import chromium_page
from tests.fixtures import page_violations

import pytest
import re


@pytest.fixture
def themed(functional, themed_portal):  # noqa: F811
    """The conditional type on the site with the Bootstrap Italia theme."""
    return cond_world(functional, themed_portal)


WIDTHS = (1280, 375)


def no_violations(web, scripts=True):
    """axe-core at both widths. axe is a script: a page without JavaScript is
    checked as served, its HTML replayed at its URL in a page that runs scripts."""
    page = web
    if not scripts:
        html, url = web.content(), web.url
        page = web.context.browser.new_page(locale="it-IT")
        page.route(url, lambda route: route.fulfill(body=html, content_type="text/html; charset=utf-8"))
        page.goto(url)
    try:
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            assert page_violations(page) == [], (width, web.url)
    finally:
        if page is not web:
            page.close()


def open_first_fieldset(web, cond):
    from playwright.sync_api import expect

    web.goto(cond.type.absolute_url().replace("http://nohost/plone", cond.base) + "/@@presenta-istanza")
    web.get_by_role("button", name="Inizia la compilazione").click()
    web.wait_for_url(re.compile(r".*/@@compila$"))
    web.get_by_role("button", name="Avanti").click()
    expect(web.locator("[aria-current='step']")).to_contain_text("Chi presenta")


def to_review_as_association(web):
    """«Alloggio» without the rent (not asked of associations), then the review."""
    from playwright.sync_api import expect

    expect(web.locator("[aria-current='step']")).to_contain_text("Alloggio")
    expect(web.get_by_label("Canone mensile")).to_be_hidden()
    web.get_by_label("Indirizzo dell'alloggio").fill("Via Roma 1")
    web.get_by_role("button", name="Avanti").click()
    expect(web.locator("[aria-current='step']")).to_contain_text("Riepilogo")


@pytest.mark.browser
def test_with_javascript_fields_appear_at_once(themed):
    cond = themed
    from playwright.sync_api import expect

    with chromium_page(cond.base, cond.citizen, viewport={"width": 1280, "height": 900}) as web:
        open_first_fieldset(web, cond)
        name = web.get_by_label("Nome dell'associazione")
        expect(name).to_be_hidden()
        expect(web.get_by_role("button", name="Aggiorna le domande")).to_be_hidden()  # not needed
        no_violations(web)
        web.get_by_label("Presenti come").select_option("associazione")
        expect(name).to_be_visible()  # no round trip
        web.get_by_label("Presenti come").select_option("privato")
        expect(name).to_be_hidden()
        # A hidden field is not focusable: Tab goes from the choice to «figli».
        web.get_by_label("Presenti come").focus()
        web.keyboard.press("Tab")
        expect(web.get_by_label("Numero di figli")).to_be_focused()
        web.get_by_label("Presenti come").select_option("associazione")
        name.fill("Circolo Arci")
        web.get_by_label("Numero di figli").fill("0")
        no_violations(web)
        web.set_viewport_size({"width": 1280, "height": 900})
        web.get_by_role("button", name="Avanti").click()
        # «Figli» is skipped (figli > 0 is false); «Canone» is not for associations.
        expect(web.locator(".istanze-steps")).not_to_contain_text("Figli")
        to_review_as_association(web)
        expect(web.get_by_text("Circolo Arci")).to_be_visible()
        expect(web.locator("#content")).not_to_contain_text("Canone mensile")
        no_violations(web)


@pytest.mark.browser
def test_without_javascript_the_step_re_renders(themed):
    cond = themed
    from playwright.sync_api import expect

    with chromium_page(cond.base, cond.citizen, java_script_enabled=False,
                       viewport={"width": 375, "height": 900}) as web:
        open_first_fieldset(web, cond)
        name = web.get_by_label("Nome dell'associazione")
        expect(name).to_be_hidden()
        refresh = web.get_by_role("button", name="Aggiorna le domande")
        expect(refresh).to_be_visible()
        no_violations(web, scripts=False)
        web.get_by_label("Presenti come").select_option("associazione")
        web.get_by_label("Numero di figli").fill("2")
        expect(name).to_be_hidden()  # no script: nothing changes until the page is asked
        refresh.click()
        expect(web.get_by_role("status")).to_contain_text("Domande aggiornate")
        expect(name).to_be_visible()
        expect(web.get_by_label("Numero di figli")).to_have_value("2")  # kept
        no_violations(web, scripts=False)
        name.fill("Circolo Arci")
        web.get_by_role("button", name="Avanti").click()
        # figli > 0: the «Figli» step applies and shows in the stepper.
        expect(web.locator("[aria-current='step']")).to_contain_text("Figli")
        web.get_by_label("Nomi dei figli").fill("Anna, Luca")
        web.get_by_role("button", name="Avanti").click()
        to_review_as_association(web)
        expect(web.get_by_text("Anna, Luca")).to_be_visible()
        no_violations(web, scripts=False)

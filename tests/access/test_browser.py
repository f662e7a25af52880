"""Chromium: a citizen logged in through the sandbox broker sees no toolbar
and no Sharing on the site root, a type page and their own application (also
375 px wide), and ``@@sharing`` answers 404 to them."""

from comune.istanze.workflow import submission
from tests.fixtures import login
from sandbox.oidc_broker.identities import CITIZENS
from tests.fixtures import chromium_page
from tests.fixtures import make_type
from tests.personal_area.test_browser import FORM

import pytest
import transaction


PAOLO = CITIZENS[4]


def no_plone_tools(web):
    from playwright.sync_api import expect

    expect(web.locator("#edit-bar")).to_have_count(0)
    expect(web.locator("a[href*='@@sharing'], a[href$='/sharing']")).to_have_count(0)
    expect(web.get_by_text("Condivisione", exact=True)).to_have_count(0)
    expect(web.locator("a[href*='folder_contents'], a[href*='content_status']")).to_have_count(0)
    expect(web.locator(".spid-cie-identity")).to_contain_text("Paolo Romano")
    expect(web.locator(".spid-cie-identity").get_by_role("link", name="Area personale")) \
        .to_be_visible()
    expect(web.locator(".spid-cie-identity").get_by_role("link", name="Esci")).to_be_visible()


@pytest.mark.browser
def test_citizen_sees_no_toolbar_and_no_sharing(spid_site, site_url, broker_server):
    service = make_type(spid_site, code="PASSO", title="Passo carrabile", xml=FORM,
                        attachments=[])
    transaction.commit()
    type_url = f"{site_url}/{service.getId()}"
    with chromium_page() as web:
        web.goto(type_url)
        web.get_by_role("link", name="Entra con SPID / CIE").click()
        web.wait_for_url(f"{broker_server.broker.issuer}/authorize**")
        web.get_by_label(f"Paolo Romano — {PAOLO['fiscal_code']}").check()
        web.get_by_label("SPID").check()
        web.get_by_label("Livello 2").check()
        web.get_by_role("button", name="Accedi").click()
        web.wait_for_url(type_url)
        transaction.begin()
        login(spid_site, PAOLO["fiscal_code"], method="spid", level="SpidL2")
        app_url = f"{type_url}/{submission.create_draft(service).getId()}"
        transaction.commit()
        for url in (site_url, type_url, app_url):
            web.goto(url)
            no_plone_tools(web)
        for url in (app_url, type_url, site_url):
            assert web.goto(f"{url}/@@sharing").status == 404
        web.set_viewport_size({"width": 375, "height": 812})
        for url in (site_url, app_url):
            web.goto(url)
            no_plone_tools(web)
            assert web.evaluate("document.documentElement.scrollWidth") <= 375

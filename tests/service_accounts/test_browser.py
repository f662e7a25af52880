"""Chromium: a Site Administrator creates a service account on its page, reads
its token once, at desktop and phone widths (the whole control-panel page)."""

from plone import api
from tests.fixtures import chromium_page
from tests.fixtures import make_type
from tests.fixtures import wcag_violations

import pytest
import transaction


@pytest.mark.browser
def test_admin_creates_an_account_and_sees_its_token_once(functional_portal):
    from playwright.sync_api import expect

    portal = functional_portal
    make_type(portal, code="CASA", title="Contributo affitto")
    with api.env.adopt_roles(["Manager"]):
        api.user.create(username="amministratore", email="a@comune.example",
                        password="staff-Password-1")
        api.user.grant_roles(username="amministratore", roles=["Member", "Site Administrator"])
    transaction.commit()
    base = portal.absolute_url()
    with chromium_page(base, user_id="amministratore", password="staff-Password-1") as web:
        web.goto(f"{base}/@@account-di-servizio")
        expect(web.get_by_role("heading", name="Account di servizio", exact=True)).to_be_visible()
        web.get_by_label("Nome del sistema").fill("Ufficio casa")
        web.get_by_label("Contributo affitto").check()
        web.get_by_label("Leggere le istanze").check()
        web.get_by_label("Decidere (accogliere o respingere)").check()
        web.get_by_role("button", name="Crea l'account").click()
        web.wait_for_load_state()
        token = web.locator("#new-token samp").first.inner_text()
        assert token.startswith("sa-ufficio-casa.")
        expect(web.locator("#account-sa-ufficio-casa")).to_contain_text("Token attivo")
        assert wcag_violations(web) == []
        web.goto(f"{base}/@@account-di-servizio")
        assert token not in web.content()  # shown once
        web.set_viewport_size({"width": 375, "height": 812})
        web.goto(f"{base}/@@account-di-servizio")
        assert web.evaluate("document.documentElement.scrollWidth") <= 375
        expect(web.locator("#account-sa-ufficio-casa")).to_contain_text("Ufficio casa")

"""Chromium: "Entra con SPID / CIE", pick an identity on the sandbox broker,
land back logged in with the identity's name shown (real HTTP redirects)."""

from tests.fixtures import chromium_page
from sandbox.oidc_broker.identities import CITIZENS

import pytest


GIULIA = CITIZENS[1]


@pytest.mark.browser
def test_login_with_spid_button(spid_site, site_url, broker_server):
    with chromium_page() as web:
        web.goto(f"{site_url}/contact-info")
        button = web.get_by_role("link", name="Entra con SPID / CIE")
        # AgID style: blue #0066CC, white text; reachable with the keyboard
        # and with a visible focus ring.
        style = button.evaluate(
            "el => { el.focus(); const s = getComputedStyle(el);"
            " return [s.backgroundColor, s.color, s.outlineStyle, s.outlineWidth,"
            " document.activeElement === el]; }"
        )
        assert style == ["rgb(0, 102, 204)", "rgb(255, 255, 255)", "solid", "3px", True]
        web.keyboard.press("Enter")  # follow the focused link

        web.wait_for_url(f"{broker_server.broker.issuer}/authorize**")
        assert "Broker SPID/CIE di prova" in web.title()
        web.get_by_label(f"Giulia Bianchi — {GIULIA['fiscal_code']}").check()
        web.get_by_label("CIE").check()
        web.get_by_label("Livello 3").check()
        web.get_by_role("button", name="Accedi").click()

        web.wait_for_url(f"{site_url}/contact-info")
        header = web.locator(".spid-cie-identity")
        assert header.locator(".spid-cie-name").inner_text() == "Giulia Bianchi"
        assert "accesso CIE" in header.inner_text()
        assert "Accesso effettuato: Giulia Bianchi (CIE, livello 3)" in web.content()
        assert web.get_by_role("link", name="Entra con SPID / CIE").count() == 0


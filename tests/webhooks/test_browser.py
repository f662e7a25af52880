"""Chromium, desktop and phone: the Site Administrator adds a receiver on
the type's page, a submission reaches the sandbox receiver, its page lists
the event with the signature OK; the staff events page shows the delivery."""

from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from tests.documents.helpers import submitted
from tests.fixtures import chromium_page
from tests.fixtures import make_type
from tests.fixtures import wcag_violations
from tests.webhooks.conftest import drain
from tests.webhooks.conftest import SECRET

import pytest
import transaction


def no_horizontal_scroll(web):
    return web.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.browser
@pytest.mark.parametrize("size", [{"width": 1280, "height": 900}, {"width": 375, "height": 740}])
def test_add_receiver_and_see_the_event(protocol_site, functional, receiver, size):
    from playwright.sync_api import expect

    type_obj = make_type(protocol_site)
    transaction.commit()
    base = f"http://{functional['host']}:{functional['port']}/{protocol_site.getId()}"
    with chromium_page(base, user_id=SITE_OWNER_NAME, password=SITE_OWNER_PASSWORD,
                       viewport=size) as web:
        web.goto(f"{base}/{type_obj.getId()}/@@sistemi-destinatari")
        expect(web.get_by_text("Nessun sistema destinatario.")).to_be_visible()
        web.get_by_label("Nome del sistema").fill("Gestionale politiche abitative")
        web.get_by_label("Indirizzo (URL) che riceve gli eventi").fill(receiver.url)
        web.get_by_label("Segreto (HMAC/HS256) o chiave privata RSA PEM (RS256)").fill(SECRET)
        web.get_by_label("Istanza ritirata (withdrawn)").uncheck()
        web.get_by_role("button", name="Salva").click()
        web.wait_for_load_state()
        expect(web.get_by_text("Sistema destinatario salvato.")).to_be_visible()
        expect(web.locator("#endpoints")).to_contain_text("Gestionale politiche abitative")
        assert SECRET not in web.content()
        assert wcag_violations(web) == []
        assert no_horizontal_scroll(web)

        transaction.begin()  # see what the browser saved
        app = submitted(type_obj)
        transaction.commit()
        drain(protocol_site)
        web.goto(receiver.base + "/")
        expect(web.locator("tbody tr")).to_have_count(2)  # submitted, registered
        expect(web.locator("tbody")).to_contain_text("it.comune.istanze.submitted")
        expect(web.locator("tbody")).to_contain_text(app.UID())
        expect(web.locator("tbody .ok")).to_have_count(2)
        assert no_horizontal_scroll(web)

        web.goto(f"{base}/{type_obj.getId()}/{app.getId()}/@@eventi-webhook")
        expect(web.locator("#events")).to_contain_text("it.comune.istanze.registered")
        expect(web.locator("#events")).to_contain_text("Consegnato")
        expect(web.locator("#events .card-header").first).to_contain_text("Istanza protocollata")
        assert wcag_violations(web) == []
        assert no_horizontal_scroll(web)

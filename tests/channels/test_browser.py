"""Chromium: the editor chooses the channels on the type; the citizen sees where messages left."""

from comune.istanze.channels.interfaces import IMessageChannels
from tests.channels.test_personal_area import world  # noqa: F401 (fixture)
from tests.fixtures import chromium_page
from tests.fixtures import make_staff
from tests.fixtures import wcag_violations

import pytest
import transaction


@pytest.mark.browser
def test_the_editor_chooses_channels_per_kind(world):  # noqa: F811
    portal, base, citizen, app, msg = world
    casa = app.application_type()
    make_staff("amministratore", portal, "Site Administrator")
    transaction.commit()
    with chromium_page(base, "amministratore", password="staff-Password-1") as web:
        web.goto(f"{casa.absolute_url()}/@@edit")
        web.locator(".autotoc-nav a, nav a").filter(has_text="Canali di invio").first.click()
        field = web.locator("#formfield-form-widgets-IMessageChannels-channels_decision")
        app_io = field.get_by_label("App IO (non configurato: non sarà usato)")
        app_io.check()
        assert field.get_by_label("Email").is_checked()
        web.get_by_role("button", name="Salva").click()
        web.wait_for_load_state()
        assert "Modifiche memorizzate" in web.locator(".portalMessage").first.inner_text()
    transaction.begin()
    assert IMessageChannels(casa).channels_decision == ["email", "appio"]
    assert IMessageChannels(casa).channels_communication == ["email"]


@pytest.mark.browser
@pytest.mark.parametrize("width, height", [(1280, 900), (375, 740)])
def test_the_citizen_sees_on_which_channels_a_message_left(world, width, height):  # noqa: F811
    portal, base, citizen, app, msg = world
    with chromium_page(base, citizen, viewport={"width": width, "height": height}) as web:
        web.goto(f"{base}/@@area-personale")
        line = web.locator(".ap-message-channels")
        assert "Email (in coda)" in line.inner_text()
        assert "App IO (non disponibile)" in line.inner_text()
        assert web.locator("header").count() and web.locator("footer").count()
        web.goto(f"{app.absolute_url()}/@@messaggio/{msg.id}")
        section = web.get_by_role("region", name="Come ti è stato inviato")
        assert "Canale non attivo presso il Comune." in section.inner_text()
        assert web.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        assert wcag_violations(web) == []

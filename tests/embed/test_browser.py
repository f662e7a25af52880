"""The snippet in another site's page, in Chromium: frame, height, origin check."""

from comune.istanze.embed.headers import PREFIX
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler
from http.server import ThreadingHTTPServer
from plone import api
from tests.fixtures import chromium_page
from tests.fixtures import make_type
from tests.fixtures import page_violations

import pytest
import threading
import transaction


pytestmark = pytest.mark.browser


@contextmanager
def other_site(html, host="127.0.0.1"):
    """Another site (another origin: a port of its own) serving ``html``; on
    ``localhost`` it is the same *site* as Zope's (cookies go with the frame)."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            body = html.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def page_with_script(portal, type_obj):
    return (
        '<!DOCTYPE html><html lang="it"><head><title>Comune vicino</title></head><body>'
        "<main><h1>Sito del Comune vicino</h1>"
        f'<script src="{portal.absolute_url()}/@@incorpora.js" data-tipologia="{type_obj.absolute_url()}"'
        ' data-titolo="Contributo affitto: presenta istanza"></script>'
        "<p id='dopo'>Dopo il modulo</p></main></body></html>"
    )


def test_script_tag_frames_the_form_and_sizes_it(functional_portal):
    type_obj = make_type(functional_portal)
    transaction.commit()
    with other_site(page_with_script(functional_portal, type_obj)) as origin:
        api.portal.set_registry_record(f"{PREFIX}.frame_ancestors", [origin])
        transaction.commit()
        with chromium_page() as web:
            web.goto(origin + "/")
            frame = web.frame_locator("iframe[title='Contributo affitto: presenta istanza']")
            assert frame.locator("h1").inner_text() == "Contributo affitto"
            iframe = web.locator("iframe")
            # the embedded page posted its height and the parent's script applied it
            web.wait_for_function("document.querySelector('iframe').style.height !== ''")
            inner = web.frames[1].evaluate("document.documentElement.scrollHeight")
            assert iframe.evaluate("f => f.style.height") == f"{inner}px"
            assert abs(iframe.bounding_box()["height"] - inner) <= 1
            # a message from any other origin (here the parent itself) is ignored
            web.evaluate("window.postMessage({type: 'comune.istanze:altezza', height: 5}, '*')")
            web.wait_for_timeout(300)
            assert iframe.evaluate("f => f.style.height") == f"{inner}px"
            # another site's frame carries no session: the button opens the form (and
            # the SPID/CIE login) top-level
            button = frame.locator("a.istanze-presenta-button")
            assert button.get_attribute("target") == "_top"
            assert page_violations(web.frames[1]) == []


def test_a_site_not_in_the_registry_cannot_frame_it(functional_portal):
    type_obj = make_type(functional_portal)
    transaction.commit()
    with other_site(page_with_script(functional_portal, type_obj)) as origin:
        with chromium_page() as web:
            web.goto(origin + "/")
            web.wait_for_timeout(1500)
            # refused by frame-ancestors: Chromium shows its own error page in the frame
            assert web.frame_locator("iframe").get_by_text("Contributo affitto").count() == 0
            assert web.frames[1].url.startswith("chrome-error://")
            assert web.locator("iframe").evaluate("f => f.style.height") == ""


SIMPLE_FORM = """<model xmlns="http://namespaces.plone.org/supermodel/schema">
  <schema>
    <field name="motivo" type="zope.schema.TextLine"><title>Motivo della richiesta</title></field>
  </schema>
</model>
"""


def test_citizen_applies_inside_the_frame(functional_portal):
    """Same site (www and servizi of one Comune): the signed-in citizen fills
    the normal form pages in the frame, with a minimal chrome, to the receipt."""
    import re

    from playwright.sync_api import expect
    from tests.fixtures import make_citizen

    type_obj = make_type(functional_portal, code="PASSO", title="Passo carrabile", xml=SIMPLE_FORM,
                         attachments=[])
    citizen = make_citizen("Paolo", "Romano")
    transaction.commit()
    base = functional_portal.absolute_url()
    with other_site(page_with_script(functional_portal, type_obj), host="localhost") as origin:
        api.portal.set_registry_record(f"{PREFIX}.frame_ancestors", [origin])
        transaction.commit()
        with chromium_page(base=base, user_id=citizen.getId()) as web:
            web.goto(origin + "/")
            frame = web.frame_locator("iframe")
            frame.get_by_role("link", name="Presenta istanza online").click()
            frame.get_by_role("button", name="Inizia la compilazione").click()
            expect(frame.get_by_role("button", name="Avanti")).to_be_visible()
            inner = web.frames[1]
            assert re.search(r"/@@compila\?(.*&)?incorporato=1", inner.url), inner.url
            assert inner.locator("#portal-footer, #portal-header, #edit-zone").count() == 0
            assert inner.locator("main#contenuto").count() == 1
            assert page_violations(inner) == []
            # SPID filled «Richiedente»: the draft opens on the first step to fill
            expect(frame.get_by_text("Passaggio 2 di 3")).to_be_visible()
            frame.get_by_label("Motivo della richiesta").fill("Accesso al garage")
            frame.get_by_role("button", name="Avanti").click()
            frame.get_by_label("Dichiaro di aver letto l'informativa").check()
            frame.get_by_role("button", name="Invia l'istanza").click()
            number = frame.locator("#receipt-number")
            expect(number).to_contain_text("PASSO")
            assert "incorporato=1" in web.frames[1].url and "/@@ricevuta" in web.frames[1].url
            assert web.url == origin + "/"  # the other site's page stayed
            height = web.frames[1].evaluate("document.documentElement.scrollHeight")
            expect(web.locator("iframe")).to_have_attribute("style", re.compile(f"height: {height}px"))
    transaction.begin()
    (app,) = type_obj.objectValues()
    assert app.motivo == "Accesso al garage" and app.applicant_id == citizen.getId()


@pytest.mark.parametrize("width", [1280, 375])
def test_embedded_pages_are_whole_at_desktop_and_phone_width(functional_portal, width):
    from tests.fixtures import make_citizen

    type_obj = make_type(functional_portal, code="PASSO", title="Passo carrabile", xml=SIMPLE_FORM,
                         attachments=[])
    citizen = make_citizen("Paolo", "Romano")
    transaction.commit()
    base = functional_portal.absolute_url()
    with chromium_page(base=base, user_id=citizen.getId(),
                       viewport={"width": width, "height": 800}) as web:
        for url in (f"{type_obj.absolute_url()}/@@incorpora",
                    f"{type_obj.absolute_url()}/@@presenta-istanza?incorporato=1"):
            web.goto(url)
            assert web.evaluate("document.documentElement.scrollWidth") <= width, url
            assert page_violations(web) == [], url
            assert web.locator("main").count() == 1 and web.locator("h1").count() >= 1, url


@pytest.mark.parametrize("width", [1280, 375])
def test_editor_snippet_section_is_accessible(functional_portal, width):
    from tests.fixtures import make_staff
    from tests.fixtures import wcag_violations

    type_obj = make_type(functional_portal)
    make_staff("redattrice", type_obj, "Editor")
    transaction.commit()
    with chromium_page(functional_portal.absolute_url(), "redattrice", "staff-Password-1",
                       viewport={"width": width, "height": 800}) as web:
        web.goto(type_obj.absolute_url())
        section = web.locator(".istanze-incorpora")
        assert "@@incorpora" in section.locator("#incorpora-iframe").input_value()
        assert "data-tipologia" in section.locator("#incorpora-script").input_value()
        assert wcag_violations(web, ".istanze-incorpora") == []
        assert web.evaluate("document.querySelector('.istanze-incorpora').scrollWidth") <= width

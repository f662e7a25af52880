"""Whole-page axe-core (WCAG 2.1 A/AA) with the Bootstrap Italia theme, at
1280x800 and 375x812: header, toolbar and footer are judged with the content,
and nothing scrolls sideways on a phone."""

from plone import api
from tests.fixtures import chromium_page
from tests.fixtures import make_citizen
from tests.fixtures import make_staff
from tests.fixtures import make_type
from tests.fixtures import page_violations
from tests.fixtures import submit_as
from tests.journey.conftest import real_pdf

import pytest
import re
import transaction


VIEWPORTS = [(1280, 800), (375, 812)]
# The innermost elements sticking out on the right (to name them in the report).
WIDEST = """[...document.querySelectorAll('body *')].filter(e => {
    const r = e.getBoundingClientRect();
    return r.right > document.documentElement.clientWidth + 1 && r.width > 0 &&
        ![...e.children].some(c => c.getBoundingClientRect().right > document.documentElement.clientWidth + 1);
  }).slice(0, 4).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
    (e.className && e.className.baseVal === undefined ? '.' + e.className.split(' ').join('.') : ''))"""


@pytest.fixture
def themed_site(functional, themed_portal):
    portal = themed_portal
    casa = make_type(portal, code="CASA", title="Contributo affitto")
    citizen = make_citizen("Mario", "Rossi")
    other = make_citizen("Giulia", "Bianchi", female=True)
    submit_as(portal, casa, other, isee=2000.0)
    make_staff("responsabile", casa, "Responsabile")
    make_staff("redattore", portal, "Site Administrator")  # the editor of the types
    with api.env.adopt_roles(["Manager"]):
        api.portal.set_registry_record("plone.email_from_address", "istanze@comune.example")
    transaction.commit()
    base = f"http://{functional['host']}:{functional['port']}/plone"
    return {"base": base, "type": casa, "citizen": citizen.getId()}


class Audit:
    """Collects every page's violations and sideways scrolling; asserted once."""

    def __init__(self, width):
        self.width, self.found, self.pages = width, {}, []

    def check(self, web, name):
        self.pages.append(name)
        problems = page_violations(web)
        scroll = web.evaluate("document.documentElement.scrollWidth")
        if scroll > self.width:
            wide = web.evaluate(WIDEST)
            problems.append(f"scorrimento orizzontale: {scroll}px > {self.width}px ({wide})")
        if problems:
            self.found[name] = problems

    def report(self):
        return "\n".join(f"{page}:\n  " + "\n  ".join(lines) for page, lines in self.found.items())


@pytest.mark.browser
@pytest.mark.parametrize("width,height", VIEWPORTS)
def test_citizen_pages_whole_page_axe(themed_site, width, height):
    from playwright.sync_api import expect

    base, type_url = themed_site["base"], themed_site["type"].absolute_url()
    audit = Audit(width)
    viewport = {"width": width, "height": height}
    with chromium_page(base, viewport=viewport) as anon:
        anon.goto(type_url)
        audit.check(anon, "tipologia (anonimo)")
    with chromium_page(base, themed_site["citizen"], viewport=viewport) as web:
        web.goto(type_url)
        audit.check(web, "tipologia")
        web.get_by_role("link", name="Presenta istanza").first.click()
        web.wait_for_url("**/@@presenta-istanza")
        audit.check(web, "presenta-istanza")
        web.get_by_role("button", name="Inizia la compilazione").click()
        web.wait_for_url(re.compile(r".*/@@compila$"))
        # SPID filled «Richiedente»: the draft opens on the first step to fill.
        expect(web.locator("[aria-current='step']")).to_contain_text("Nucleo familiare")
        audit.check(web, "passo 2 nucleo")
        web.get_by_role("button", name="Indietro").click()  # the phone's stepper shows one step
        expect(web.locator("[aria-current='step']")).to_contain_text("Richiedente")
        audit.check(web, "passo 1 richiedente")
        web.get_by_role("button", name="Avanti").click()
        expect(web.locator("[aria-current='step']")).to_contain_text("Nucleo familiare")
        web.get_by_role("button", name="Avanti").click()
        expect(web.locator("#step-status")).to_contain_text("Controlla i campi evidenziati")
        audit.check(web, "passo 2 nucleo con errori")
        web.get_by_label("Componenti del nucleo").fill("3")
        web.get_by_label("Valore ISEE").fill("9000")
        web.get_by_role("button", name="Avanti").click()
        expect(web.locator("[aria-current='step']")).to_contain_text("Alloggio")
        audit.check(web, "passo 3 alloggio")
        web.get_by_label("Indirizzo dell'alloggio").fill("Via Roma 1")
        web.get_by_role("button", name="Avanti").click()
        expect(web.locator("[aria-current='step']")).to_contain_text("Allegati")
        audit.check(web, "passo 4 allegati")
        web.get_by_role("button", name="Avanti").click()
        audit.check(web, "passo 4 allegati con errori")
        web.set_input_files("#allegato-0", files=[{
            "name": "contratto.pdf", "mimeType": "application/pdf", "buffer": real_pdf()}])
        web.get_by_role("button", name="Avanti").click()
        expect(web.locator("[aria-current='step']")).to_contain_text("Riepilogo")
        audit.check(web, "riepilogo")
        web.get_by_role("button", name="Invia l'istanza").click()
        audit.check(web, "riepilogo con errori")
        # Bootstrap Italia draws the checkbox on its label: the citizen clicks that.
        web.locator("label[for='form-widgets-privacy_ack-0']").click()
        expect(web.get_by_label("Dichiaro di aver letto l'informativa")).to_be_checked()
        web.get_by_role("button", name="Invia l'istanza").click()
        web.wait_for_url("**/@@ricevuta")
        audit.check(web, "ricevuta")
        web.goto(base + "/area-personale")
        audit.check(web, "area personale")
    assert len(audit.pages) == 13
    assert audit.found == {}, audit.report()


@pytest.mark.browser
@pytest.mark.parametrize("width,height", VIEWPORTS)
def test_staff_pages_whole_page_axe(themed_site, width, height):
    base, casa = themed_site["base"], themed_site["type"]
    app = casa.objectValues()[0]
    audit = Audit(width)
    with chromium_page(base, "responsabile", "staff-Password-1", viewport={"width": width, "height": height}) as web:
        for name, url in (("scrivania", base + "/@@scrivania"),
                          ("istruttoria", app.absolute_url() + "/@@istruttoria"),
                          ("graduatoria (gestione)", casa.absolute_url() + "/@@graduatoria-gestione")):
            web.goto(url)
            audit.check(web, name)
    assert len(audit.pages) == 3
    assert audit.found == {}, audit.report()


@pytest.mark.browser
@pytest.mark.parametrize("width,height", VIEWPORTS)
def test_more_citizen_pages_whole_page_axe(themed_site, width, height):
    """Integration, message, rating of my application; public ranking and
    the published statistics."""
    from comune.istanze.backoffice import actions
    from datetime import datetime
    from datetime import timedelta
    from tests.fixtures import login
    from tests.statistics.helpers import build_2018
    from tests.statistics.helpers import make_page

    base, casa = themed_site["base"], themed_site["type"]
    portal = casa.aq_parent
    mine = submit_as(portal, casa, api.user.get(themed_site["citizen"]))
    login(portal, "responsabile")
    actions.request_integration(mine, "Allegare il documento di identità",
                                datetime.now() + timedelta(days=15))
    build_2018(portal)
    stats = make_page(portal)
    transaction.commit()
    audit = Audit(width)
    viewport = {"width": width, "height": height}
    with chromium_page(base, themed_site["citizen"], viewport=viewport) as web:
        for name, url in (("integrazione", mine.absolute_url() + "/@@integrazione"),
                          ("messaggio", mine.absolute_url() + "/@@messaggio"),
                          ("istanza (cittadino)", mine.absolute_url())):
            web.goto(url)
            audit.check(web, name)
    with chromium_page(base, viewport=viewport) as anon:
        for name, url in (("graduatoria pubblica", casa.absolute_url() + "/@@graduatoria"),
                          ("statistiche", stats.absolute_url())):
            anon.goto(url)
            audit.check(anon, name)
    assert len(audit.pages) == 5
    assert audit.found == {}, audit.report()


@pytest.mark.browser
@pytest.mark.parametrize("width,height", VIEWPORTS)
def test_office_and_editor_pages_whole_page_axe(themed_site, width, height):
    base, casa = themed_site["base"], themed_site["type"]
    audit = Audit(width)
    viewport = {"width": width, "height": height}
    with chromium_page(base, "responsabile", "staff-Password-1", viewport=viewport) as web:
        # The exports are the inbox's download links (checked with the inbox).
        for name, view in (("comunicazioni", "@@comunica"), ("registro accessi", "@@registro-accessi")):
            web.goto(f"{casa.absolute_url()}/{view}")
            audit.check(web, name)
    with chromium_page(base, "redattore", "staff-Password-1", viewport=viewport) as web:
        for name, url in (("nuova tipologia", base + "/++add++ApplicationType"),
                          ("modifica tipologia", casa.absolute_url() + "/edit"),
                          ("modulo (designer)", casa.absolute_url() + "/@@modulo"),
                          ("modulo XML", casa.absolute_url() + "/@@modulo-xml"),
                          ("importa EasyForm", casa.absolute_url() + "/@@importa-easyform")):
            web.goto(url)
            audit.check(web, name)
    assert len(audit.pages) == 7
    assert audit.found == {}, audit.report()

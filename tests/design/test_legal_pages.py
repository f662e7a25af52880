"""The demo's footer pages: privacy, accessibility statement (AgID model),
legal notes; reached from the footer and passing whole-page axe."""

from comune.istanze.demo.legal_pages import create_legal_pages
from plone import api
from tests.design.test_axe_pages import Audit
from tests.design.test_axe_pages import VIEWPORTS
from tests.fixtures import chromium_page

import pytest
import transaction


AGID_HEADINGS = ["Stato di conformità", "Contenuti non accessibili",
                 "Redazione della dichiarazione di accessibilità",
                 "Meccanismo di feedback e informazioni di contatto",
                 "Modalità di invio delle segnalazioni all'AgID"]


def test_legal_pages_are_published_with_agid_headings(portal):
    create_legal_pages(portal)
    create_legal_pages(portal)  # again: kept, not duplicated
    for page_id in ("privacy", "dichiarazione-di-accessibilita", "note-legali"):
        assert api.content.get_state(portal[page_id]) == "published"
    statement = portal["dichiarazione-di-accessibilita"].text.raw
    for heading in AGID_HEADINGS:
        assert f"<h2>{heading}</h2>" in statement
    assert "https://form.agid.gov.it/" in statement and "Sito dimostrativo" in statement


@pytest.mark.browser
@pytest.mark.parametrize("width,height", VIEWPORTS)
def test_footer_reaches_the_accessibility_statement(functional, themed_portal, width, height):
    from playwright.sync_api import expect

    api.portal.set_registry_record("comune.istanze.comune_name", "Comune di Esempio")
    create_legal_pages(themed_portal)
    transaction.commit()
    base = themed_portal.absolute_url()
    audit = Audit(width)
    with chromium_page(base, viewport={"width": width, "height": height}) as web:
        web.goto(base)
        expect(web.locator("#portal-top .it-brand-title")).to_have_text("Comune di Esempio")
        for title in ("Dichiarazione di accessibilità", "Informativa privacy", "Note legali"):
            web.get_by_role("contentinfo").get_by_role("link", name=title).click()
            expect(web.get_by_role("heading", level=1)).to_have_text(title)
            audit.check(web, title)
    assert len(audit.pages) == 3
    assert audit.found == {}, audit.report()

"""The flow page in Debian's Chromium, whole (header, toolbar, footer), at
desktop and phone widths: the graph fits, the list is readable, no WCAG
violation in the page's content."""

from comune.istanze.workflow import custom
from plone import api
from tests.fixtures import chromium_page
from tests.fixtures import make_citizen
from tests.fixtures import make_staff
from tests.fixtures import make_type
from tests.fixtures import submit_as
from tests.fixtures import wcag_violations
from tests.type_workflow.helpers import with_sopralluogo

import pytest
import transaction


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 390])
def test_the_flow_page_at_desktop_and_phone_widths(functional_portal, width):
    portal = functional_portal
    suolo = make_type(portal, code="SUOLO", title="Occupazione suolo pubblico")
    with api.env.adopt_roles(["Manager"]):
        custom.apply_definition(suolo, with_sopralluogo())
    submit_as(portal, suolo, make_citizen())
    make_staff("istruttore", suolo, "Istruttore")
    transaction.commit()
    from playwright.sync_api import expect

    with chromium_page(portal.absolute_url(), "istruttore", password="staff-Password-1",
                       viewport={"width": width, "height": 900}) as web:
        web.goto(f"{suolo.absolute_url()}/@@flusso")
        svg = web.locator("svg.istanze-flow")
        assert svg.get_attribute("role") == "img"
        box = svg.bounding_box()
        assert box["width"] > 200 and box["x"] + box["width"] <= width
        assert web.evaluate("document.documentElement.scrollWidth") <= width
        assert web.locator("svg.istanze-flow [data-state='submitted'] .istanze-flow-count") \
            .text_content() == "1 istanza"
        items = web.locator("ol.istanze-flow-transitions li")
        assert items.count() == 14
        assert "da In istruttoria a Sopralluogo: Avvia sopralluogo (Istruttore)" in \
            items.all_inner_texts()
        expect(web.locator("#portal-header, header").first).to_be_attached()
        expect(web.locator("#portal-footer-wrapper, footer").first).to_be_attached()
        assert wcag_violations(web) == []
        web.goto(f"{suolo.absolute_url()}/@@scrivania")
        web.locator("details.istanze-inbox-flow summary").click()
        assert web.locator("details.istanze-inbox-flow svg.istanze-flow").is_visible()

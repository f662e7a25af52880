"""A staff member works in a real Chromium: inbox, integration, decision, ranking."""

from tests.fixtures import chromium_page
from plone import api
from tests.fixtures import make_citizen
from tests.fixtures import make_staff
from tests.fixtures import make_type
from tests.fixtures import submit_as
from tests.fixtures import wcag_violations

import pytest
import re
import transaction


@pytest.fixture
def staff_site(functional, functional_portal):
    portal = functional_portal
    casa = make_type(portal, code="CASA", title="Contributo affitto")
    mario = make_citizen("Mario", "Rossi")
    giulia = make_citizen("Giulia", "Bianchi", female=True)
    apps = [submit_as(portal, casa, mario, isee=1000.0), submit_as(portal, casa, giulia, isee=2000.0)]
    make_staff("responsabile", casa, "Responsabile")
    with api.env.adopt_roles(["Manager"]):
        api.portal.set_registry_record("plone.email_from_address", "istanze@comune.example")
    transaction.commit()
    host, port = functional["host"], functional["port"]
    return {"base": f"http://{host}:{port}/plone", "casa": casa, "apps": apps}


@pytest.mark.browser
def test_staff_journey(staff_site, tmp_path):
    from playwright.sync_api import expect

    base, casa, apps = staff_site["base"], staff_site["casa"], staff_site["apps"]
    pdf = tmp_path / "provvedimento.pdf"
    from weasyprint import HTML

    pdf.write_bytes(HTML(string="<p>Provvedimento firmato</p>").write_pdf())
    wcag = {}  # page -> WCAG 2.1 A/AA violations (axe-core)
    with chromium_page(base, "responsabile", "staff-Password-1") as web:
        # Inbox, filtered by the applicant's name.
        web.goto(base + "/@@scrivania")
        expect(web.locator("table.istanze-inbox tbody tr")).to_have_count(2)
        wcag["scrivania"] = wcag_violations(web)
        web.fill("#f-text", "Bianchi")
        web.get_by_role("button", name="Filtra").click()
        expect(web.locator("table.istanze-inbox tbody tr")).to_have_count(1)
        web.get_by_role("link", name=apps[1].number).click()
        # Integration request with a deadline.
        web.wait_for_url(re.compile(r".*/" + apps[1].getId() + r"$"))
        web.goto(apps_url(base, casa, apps[1]) + "/@@istruttoria")
        wcag["istruttoria"] = wcag_violations(web)
        web.fill("#integration-text", "Allegare la ricevuta dell'ultimo canone pagato.")
        web.fill("#integration-deadline", "2099-06-30T12:00")
        web.get_by_role("button", name="Richiedi integrazione").click()
        expect(web.locator(".istanza-state")).to_have_text("Integrazione richiesta")
        # Accept the other application with an uploaded decision document.
        web.goto(apps_url(base, casa, apps[0]) + "/@@istruttoria")
        web.check("#o-accept")
        web.fill("#motivation", "Requisiti verificati: contributo concesso.")
        web.set_input_files("#document", str(pdf))
        web.get_by_role("button", name="Registra il provvedimento").click()
        expect(web.locator(".istanza-state")).to_have_text("Accolta")
        expect(web.get_by_role("link", name=re.compile("Provvedimento"))).to_be_visible()
        # Ranking: one rule, compute, publish, public page.
        web.goto(f"{base}/{casa.getId()}/@@graduatoria-gestione")
        web.select_option("select[name='r_0_kind']", "per_unit")
        web.select_option("select[name='r_0_field']", "componenti")
        web.fill("input[name='r_0_points']", "2")
        web.get_by_role("button", name="Salva le regole").click()
        expect(web.get_by_text("Regole salvate.")).to_be_visible()
        web.get_by_role("button", name="Calcola la graduatoria").click()
        expect(web.locator("table.istanze-ranking tbody tr")).to_have_count(2)
        wcag["graduatoria (gestione)"] = wcag_violations(web)
        web.get_by_role("button", name="Pubblica la graduatoria provvisoria").click()
        expect(web.get_by_text("Graduatoria provvisoria pubblicata.")).to_be_visible()
        anon = web.context.browser.new_page(locale="it-IT")
        anon.goto(f"{base}/{casa.getId()}/@@graduatoria")
        expect(anon.locator("table tbody tr")).to_have_count(2)
        expect(anon.get_by_text(apps[0].number)).to_be_visible()
        assert "Rossi" not in anon.content()
        wcag["graduatoria pubblica"] = wcag_violations(anon)
    assert len(wcag) == 4
    assert {page: found for page, found in wcag.items() if found} == {}
    transaction.begin()
    assert api.content.get_state(apps[0]) == "accepted"
    assert api.content.get_state(apps[1]) == "integration_requested"


def apps_url(base, casa, app):
    return f"{base}/{casa.getId()}/{app.getId()}"

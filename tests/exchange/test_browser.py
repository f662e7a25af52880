"""The editor's import page in Chromium: upload a file with a reference this
site lacks, choose its replacement, import; the library's «Importa»; axe-core
finds no WCAG 2.1 AA violation in the page content at desktop and phone width."""

from comune.istanze.exchange.library import entry_bytes
from playwright.sync_api import expect
from plone import api
from tests.exchange.test_done_when import _editor
from tests.exchange.test_done_when import EDITOR_PASSWORD
from tests.fixtures import chromium_page
from tests.fixtures import wcag_violations

import pytest
import transaction


pytestmark = pytest.mark.browser


def test_editor_imports_a_file_mapping_a_missing_validator(functional_portal, tmp_path):
    with api.env.adopt_roles(["Manager"]):
        folder = api.content.create(container=functional_portal, type="Folder", id="servizi")
    _editor(functional_portal, folder)
    transaction.commit()
    upload = tmp_path / "ingombranti.xml"
    upload.write_bytes(entry_bytes("ritiro-ingombranti").replace(
        b'istanze:validator="email"', b'istanze:validator="pec"'))
    base = functional_portal.absolute_url()
    with chromium_page(base, "redattore", EDITOR_PASSWORD) as web:
        web.goto(f"{folder.absolute_url()}/@@importa-tipologia")
        assert wcag_violations(web) == []
        web.set_input_files("#import-file", str(upload))
        web.get_by_role("button", name="Importa").click()
        expect(web.locator("#import-errors")).to_contain_text("nulla è stato creato")
        choice = web.get_by_label("Il controllo «pec» del campo «email» non è installato")
        assert wcag_violations(web) == []
        choice.select_option("email")
        web.get_by_label("Pubblica subito").check()
        web.get_by_role("button", name="Importa").click()
        expect(web.get_by_role("status")).to_contain_text("Tipologia importata:")
        web.set_viewport_size({"width": 375, "height": 800})
        web.goto(f"{folder.absolute_url()}/@@libreria-tipologie")
        assert wcag_violations(web) == []
        web.get_by_role("button", name="Importa Ritiro a domicilio di sfalci e potature").click()
        expect(web.get_by_role("status")).to_contain_text("Ritiro a domicilio di sfalci")
    transaction.begin()
    assert folder["ritiro-ingombranti"].code == "INGOMBR"
    assert 'istanze:validator="email"' in folder["ritiro-ingombranti"].form_model
    assert api.content.get_state(folder["ritiro-ingombranti"]) == "published"
    assert api.content.get_state(folder["ritiro-verde"]) == "private"

"""The designer and the type page through the real HTTP server."""

from tests.fixtures import chromium_page
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from tests.fixtures import make_type

import base64
import pytest
import requests
import transaction


OWNER = (SITE_OWNER_NAME, SITE_OWNER_PASSWORD)


@pytest.fixture
def type_url(functional, functional_portal):
    app_type = make_type(functional_portal)
    transaction.commit()
    return (
        f"http://{functional['host']}:{functional['port']}/plone/{app_type.getId()}"
    )


def form_xml(type_url):
    answer = requests.get(type_url + "/@@modulo-xml", auth=OWNER, timeout=30)
    assert answer.status_code == 200
    return answer.text


def test_designer_pages_over_http(type_url):
    listing = requests.get(type_url + "/@@modulo", auth=OWNER, timeout=30)
    assert listing.status_code == 200
    assert "Componenti del nucleo" in listing.text and "Nucleo familiare" in listing.text
    edit = requests.get(type_url + "/@@modulo/indirizzo/@@edit", auth=OWNER, timeout=30)
    assert edit.status_code == 200 and "Controllo sul valore" in edit.text
    anonymous = requests.get(type_url + "/@@modulo", timeout=30, allow_redirects=False)
    assert anonymous.status_code in (302, 401)
    assert "Componenti del nucleo" not in anonymous.text
    page = requests.get(type_url, timeout=30)
    assert page.status_code == 200
    assert f'href="{type_url}/@@presenta-istanza"' in page.text


@pytest.mark.browser
def test_designer_in_chromium(type_url):
    token = base64.b64encode(":".join(OWNER).encode()).decode()
    with chromium_page(extra_http_headers={"Authorization": f"Basic {token}"}) as editor:
        editor.goto(type_url + "/@@modulo/@@add-field")
        editor.fill("#form-widgets-title", "IBAN per il rimborso")
        editor.fill("#form-widgets-__name__", "iban_rimborso")
        editor.select_option("#form-widgets-factory", "label_textline_field")
        editor.click("#form-buttons-add")
        editor.wait_for_load_state()
        assert 'name="iban_rimborso"' in form_xml(type_url)
        editor.goto(type_url + "/@@modulo/iban_rimborso/@@edit")
        editor.select_option("#form-widgets-IValidatorSettings-validator", "iban")
        editor.click("#form-buttons-save")
        editor.wait_for_load_state()
        assert 'istanze:validator="iban"' in form_xml(type_url)

        citizen = editor.context.browser.new_page(locale="it-IT")  # the Italian visitor
        citizen.goto(type_url)
        button = citizen.get_by_role("link", name="Presenta istanza")
        assert button.get_attribute("href") == type_url + "/@@presenta-istanza"
        assert citizen.get_by_role("heading", name="Allegati richiesti").count() == 1

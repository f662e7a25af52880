"""The staff page and the citizen's application page in Chromium, at desktop
and phone widths: one line per signed file, green when valid, red with the
reason when not; the signed document of a .p7m opens from the line."""

from comune.istanze.documents.attachments import add_attachment
from comune.istanze.workflow import submission
from tests.fixtures import chromium_page
from tests.fixtures import login
from tests.fixtures import make_citizen
from tests.fixtures import make_staff
from tests.fixtures import make_type
from tests.fixtures import wcag_violations
from tests.restapi.conftest import PDF
from tests.signatures.conftest import MARIO_CF
from tests.signatures.conftest import signed
from tests.signatures.conftest import SLOT
from tests.signatures.conftest import slots
from tests.signatures.conftest import tamper
from tests.signatures.conftest import trust

import pytest
import transaction


OPTIONAL = "Documentazione fotografica"
SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture
def signed_app(functional, functional_portal):
    portal = functional_portal
    specs = slots(required=True, applicant=True) + [
        {"name": OPTIONAL, "required": False, "mime_types": "pdf, p7m", "max_size_mb": 2}]
    type_obj = make_type(portal, code="RELTEC", title="Agibilità", attachments=specs)
    trust()
    user = make_citizen("Mario", "Rossi")
    login(portal, user.getId())
    app = submission.create_draft(type_obj)
    app.componenti, app.isee, app.indirizzo = 3, 9000.0, "Via Roma 1"
    add_attachment(app, "Contratto di locazione", PDF, "contratto.pdf", user.getId())
    add_attachment(app, SLOT, signed("cades", "mario"), "relazione.pdf.p7m", user.getId())
    add_attachment(app, OPTIONAL, tamper("cades", signed("cades", "giulia")), "foto.pdf.p7m",
                   user.getId())
    submission.submit(app)
    make_staff("istruttore", type_obj, "Istruttore")
    transaction.commit()
    return {"base": f"http://{functional['host']}:{functional['port']}/plone", "app": app,
            "user": user.getId()}


def check_lines(web, url):
    from playwright.sync_api import expect

    web.goto(url)
    valid = web.locator(".signature-outcome.text-success")
    expect(valid).to_have_count(1)
    expect(valid).to_contain_text(f"Firma valida (CADES) — Mario Rossi ({MARIO_CF}) — firmato il ")
    invalid = web.locator(".signature-outcome.text-danger")
    expect(invalid).to_contain_text(
        "Firma non valida (CADES): il contenuto è stato modificato dopo la firma")
    expect(valid.get_by_role("link", name="documento firmato")).to_be_visible()
    overflow = web.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"la pagina scorre in orizzontale di {overflow}px"
    return wcag_violations(web)


@pytest.mark.browser
@pytest.mark.parametrize("size", sorted(SIZES))
def test_staff_and_citizen_see_the_outcome(signed_app, size):
    base, app = signed_app["base"], signed_app["app"]
    url = app.absolute_url().replace("http://nohost/plone", base)
    with chromium_page(base, "istruttore", "staff-Password-1", viewport=SIZES[size]) as web:
        assert check_lines(web, url + "/@@istruttoria") == []
        with web.expect_download() as download:
            web.locator(".signature-outcome.text-success a").click()
        assert download.value.suggested_filename == "relazione.pdf"
    with chromium_page(base, signed_app["user"], viewport=SIZES[size]) as web:
        assert check_lines(web, url) == []

"""Bad input and refused operations in the citizen's journey (through the publisher)."""

from comune.istanze.documents.attachments import attachments_of
from comune.istanze.fakes import fiscal_code
from datetime import datetime
from datetime import timedelta
from plone import api
from tests.journey.conftest import real_pdf
from tests.journey.conftest import real_png
from tests.journey.helpers import click
from tests.journey.helpers import current_step
from tests.journey.helpers import fill_all
from tests.journey.helpers import start
from tests.journey.helpers import submit
from tests.journey.helpers import upload
from tests.journey.test_journey_views import draft_of

import transaction


def to_attachments(browser, draft_url):
    browser.open(draft_url + "/@@compila?step=allegati")
    assert browser.getControl(name="allegato-0")


def test_png_renamed_pdf_is_rejected_and_nothing_stored(journey):
    browser = journey.browser(journey.citizen)
    draft_url = start(browser, journey.type_url)
    to_attachments(browser, draft_url)
    upload(browser, real_png(), "contratto.pdf")
    click(browser, "next")
    assert current_step(browser) == "allegati"
    assert "non è di un tipo ammesso" in browser.contents
    assert "image/png" in browser.contents
    assert 'id="allegato-0-error"' in browser.contents
    assert attachments_of(draft_of(journey, draft_url)) == []


def test_oversize_file_is_rejected_and_nothing_stored(journey):
    browser = journey.browser(journey.citizen)
    draft_url = start(browser, journey.type_url)
    to_attachments(browser, draft_url)
    big = real_pdf() + b"%" + b"0" * (1024 * 1024 + 10)  # still a PDF, over 1 MB
    upload(browser, big, "contratto.pdf")
    click(browser, "save")
    assert "supera la dimensione massima di 1 MB" in browser.contents
    assert attachments_of(draft_of(journey, draft_url)) == []


def test_required_attachment_blocks_next_and_can_be_replaced(journey):
    browser = journey.browser(journey.citizen)
    draft_url = start(browser, journey.type_url)
    to_attachments(browser, draft_url)
    click(browser, "next")
    assert "Questo allegato è obbligatorio" in browser.contents
    upload(browser, real_pdf("primo"), "primo.pdf")
    click(browser, "save")
    upload(browser, real_pdf("secondo"), "secondo.pdf")
    click(browser, "save")
    (att,) = attachments_of(draft_of(journey, draft_url))
    assert att.filename == "secondo.pdf"
    browser.getControl(name="remove_attachment").click()
    assert "Allegato rimosso" in browser.contents
    assert attachments_of(draft_of(journey, draft_url)) == []


def test_invalid_value_is_not_saved_but_the_rest_is(journey):
    browser = journey.browser(journey.citizen)
    draft_url = start(browser, journey.type_url)
    browser.open(draft_url + "/@@compila?step=modulo-nucleo")
    browser.getControl(name="form.widgets.componenti").value = "tre"
    browser.getControl(name="form.widgets.isee").value = "9000"
    click(browser, "save")
    assert "tranne i valori non validi" in browser.contents
    draft = draft_of(journey, draft_url)
    assert getattr(draft, "componenti", None) is None
    assert draft.isee == 9000.0
    click(browser, "next")  # "Avanti" refuses and stores nothing more
    assert current_step(browser) == "modulo-nucleo"
    assert "Controlla i campi evidenziati" in browser.contents


def test_submit_outside_the_window_is_refused(journey):
    browser = journey.browser(journey.citizen)
    draft_url = start(browser, journey.type_url)
    fill_all(browser, draft_url)
    transaction.begin()
    journey.type.opening = datetime.now() - timedelta(days=20)
    journey.type.closing = datetime.now() - timedelta(days=1)
    transaction.commit()
    submit(browser)
    assert current_step(browser) == "riepilogo"
    assert "La presentazione delle istanze è aperta dal" in browser.contents
    draft = draft_of(journey, draft_url)
    assert api.content.get_state(draft) == "draft" and draft.number is None
    assert getattr(draft, "privacy_acknowledged", None) is None
    from tests.fixtures import queued_emails

    assert queued_emails(journey.portal) == [] and list(journey.mailhost.messages) == []


def test_privacy_acknowledgement_is_required(journey):
    browser = journey.browser(journey.citizen)
    draft_url = start(browser, journey.type_url)
    fill_all(browser, draft_url)
    submit(browser, acknowledge=False)
    assert current_step(browser) == "riepilogo"
    assert "Per inviare conferma di aver letto l&#x27;informativa" in browser.contents or \
        "Per inviare conferma di aver letto l'informativa" in browser.contents
    assert "devi dichiarare di aver letto l" in browser.contents
    assert api.content.get_state(draft_of(journey, draft_url)) == "draft"


def test_incomplete_draft_points_to_the_step_to_fix(journey):
    browser = journey.browser(journey.citizen)
    draft_url = start(browser, journey.type_url)
    browser.open(draft_url + "/@@compila?step=riepilogo")
    submit(browser)
    assert "Campo obbligatorio: Componenti del nucleo" in browser.contents
    assert "@@compila?step=modulo-nucleo" in browser.contents
    assert api.content.get_state(draft_of(journey, draft_url)) == "draft"


def refused(browser, url):
    """True when ``url`` is refused with 404 and shows nothing of the application."""
    browser.open(url)
    return browser.headers["status"].startswith("404")


def test_someone_elses_draft_and_files_are_refused(journey):
    owner = journey.browser(journey.citizen)
    draft_url = start(owner, journey.type_url)
    fill_all(owner, draft_url)
    (att,) = attachments_of(draft_of(journey, draft_url))
    other = journey.browser(journey.other)
    paths = ("/@@compila", "/@@compila?step=riepilogo", "", "/view", "/@@ricevuta",
             f"/@@allegato/{att.id}", "/@@view/history", "/@@compila/form")
    for path in paths:
        assert refused(other, draft_url + path), path
        body = other.contents if isinstance(other.contents, str) else other.contents.decode("latin-1")
        assert "Via Roma 1" not in body and att.sha256 not in body, path
    other.open(journey.type_url + "/@@le-mie-bozze")
    assert draft_url not in other.contents and "Non hai bozze di questo servizio" in other.contents
    # A forged POST changes nothing.
    other.post(draft_url + "/@@compila?step=modulo-alloggio",
               b"form.widgets.indirizzo=Via+Falsa+2&form.buttons.save=Salva")
    assert other.headers["status"].startswith("404")
    assert draft_of(journey, draft_url).indirizzo == "Via Roma 1"
    # Once submitted, still private to the applicant.
    submit(owner)
    assert owner.url.endswith("/@@ricevuta")
    assert refused(other, draft_url + "/@@ricevuta")
    # The owner downloads the very bytes stored.
    owner.open(draft_url + f"/@@allegato/{att.id}")
    assert owner.headers["Content-Type"] == "application/pdf"
    assert "private" in owner.headers["Cache-Control"]
    assert "attachment" in owner.headers["Content-Disposition"]


def test_anonymous_cannot_download_or_open(journey):
    owner = journey.browser(journey.citizen)
    draft_url = start(owner, journey.type_url)
    anon = journey.browser()
    for path in ("/@@compila", "", "/@@ricevuta"):
        anon.open(draft_url + path)
        assert "require_login" in anon.url or "login" in anon.url, path
        assert "Richiedente" not in anon.contents


def test_family_member_needs_a_valid_fiscal_code(journey):
    browser = journey.browser(journey.citizen)
    browser.open(journey.type_url + "/@@presenta-istanza")
    browser.getControl(name="applicant_kind").value = ["family"]
    browser.getControl(name="beneficiary_id").value = "RSSMRA80A01Z99XX"
    browser.getControl(name="beneficiary_name").value = "Anna Rossi"
    browser.getControl(name="form.buttons.start").click()
    assert "Il codice fiscale del familiare non è valido" in browser.contents
    assert 'aria-invalid="true"' in browser.contents
    transaction.begin()
    assert len(journey.type.objectIds()) == 0
    cf = fiscal_code("Anna", "Rossi", year=2015, female=True)
    browser.getControl(name="applicant_kind").value = ["family"]
    browser.getControl(name="beneficiary_id").value = cf.lower()
    browser.getControl(name="beneficiary_name").value = "Anna Rossi"
    browser.getControl(name="form.buttons.start").click()
    assert "@@compila" in browser.url
    assert current_step(browser) == "modulo-nucleo"  # SPID filled «Richiedente»
    draft_url = browser.url.split("/@@compila")[0]
    browser.open(draft_url + "/@@compila?step=richiedente")
    assert f"Anna Rossi ({cf})" in browser.contents
    draft = draft_of(journey, draft_url)
    assert draft.beneficiary_id == cf and draft.applicant_kind == "family"


def test_level_too_low_explains_and_offers_login(journey):
    browser = journey.browser(journey.low)
    browser.open(journey.type_url + "/@@presenta-istanza")
    browser.getControl(name="form.buttons.start").click()
    assert "richiede un accesso di livello SpidL2" in browser.contents
    link = browser.getLink("Accedi di nuovo al livello richiesto")
    assert "/@@spid-login?acr=SpidL2&came_from=" in link.url
    assert "presenta-istanza" in link.url
    transaction.begin()
    assert len(journey.type.objectIds()) == 0


def test_closed_type_shows_window_and_creates_nothing(journey):
    transaction.begin()
    journey.type.opening = datetime.now() + timedelta(days=2)
    journey.type.closing = datetime.now() + timedelta(days=9)
    transaction.commit()
    browser = journey.browser(journey.citizen)
    browser.open(journey.type_url + "/@@presenta-istanza")
    assert "La presentazione è aperta dal" in browser.contents
    assert "form.buttons.start" not in browser.contents


def test_field_errors_are_linked_to_their_fields(journey):
    """A field in error names its message (aria-describedby), which has that id."""
    browser = journey.browser(journey.citizen)
    draft_url = start(browser, journey.type_url)
    browser.open(draft_url + "/@@compila?step=modulo-nucleo")
    browser.getControl(name="form.widgets.componenti").value = "tre"
    browser.getControl(name="form.widgets.isee").value = "9000"
    click(browser, "next")
    html = browser.contents
    assert 'id="form-widgets-componenti-error"' in html
    field = html[html.index('id="form-widgets-componenti"') - 300:html.index('id="form-widgets-componenti"') + 300]
    assert 'aria-describedby="form-widgets-componenti-error"' in field
    assert 'aria-invalid="true"' in field
    # the field without error is not marked
    isee = html[html.index('id="form-widgets-isee"') - 300:html.index('id="form-widgets-isee"') + 300]
    assert "aria-invalid" not in isee

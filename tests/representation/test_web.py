"""«Presento per» on @@presenta-istanza (no JavaScript: a re-rendered page):
companies, professionals with a procura, refusals with nothing stored."""

from comune.istanze.documents.attachments import attachments_of
from tests.journey.conftest import real_pdf
from tests.journey.conftest import real_png
from tests.representation.conftest import CLIENT_CF
from tests.representation.conftest import COMPANY
from tests.representation.conftest import COMPANY_CODE
from tests.representation.conftest import drafts
from tests.representation.conftest import start_as


def test_the_first_step_offers_the_admitted_capacities(rep):
    browser = rep.browser(rep.mario)
    browser.open(rep.both.absolute_url() + "/@@presenta-istanza")
    assert "Presento per" in browser.contents
    assert "un&#39;impresa o un ente di cui sono legale rappresentante" in browser.contents \
        or "un'impresa o un ente di cui sono legale rappresentante" in browser.contents
    assert 'name="procura"' in browser.contents and 'enctype="multipart/form-data"' in browser.contents
    browser.open(rep.only_self.absolute_url() + "/@@presenta-istanza")
    assert 'name="procura"' not in browser.contents
    assert 'name="represented_tax_id"' not in browser.contents


def test_legal_representative_of_a_company(rep):
    browser = rep.browser(rep.mario)
    start_as(browser, rep.both, "association", dict(COMPANY, represented_tax_id="it " + COMPANY_CODE))
    assert "@@compila" in browser.url, browser.contents
    (app,) = drafts(rep.both)
    assert app.representation == {
        "kind": "legale_rappresentante", "subject_code": COMPANY_CODE, "subject_name": "ACME S.r.l.",
        "subject_seat": "Via Roma 1, Firenze", "register_number": "", "attachment_id": None}
    assert (app.represented_name, app.represented_tax_id) == ("ACME S.r.l.", COMPANY_CODE)
    browser.open(app.absolute_url() + "/@@compila?step=richiedente")  # SPID filled it: skipped
    assert f"ACME S.r.l. ({COMPANY_CODE})" in browser.contents  # shown on the Richiedente step


def test_bad_partita_iva_is_refused_in_italian_and_nothing_stored(rep):
    browser = rep.browser(rep.mario)
    start_as(browser, rep.both, "association", dict(COMPANY, represented_tax_id=COMPANY_CODE[:-1] + "8",
                                                     represented_seat=""))
    assert "@@presenta-istanza" in browser.url
    assert "servono 11 cifre con la cifra di controllo corretta" in browser.contents
    assert "Indica la sede legale dell&#39;impresa" in browser.contents \
        or "Indica la sede legale dell'impresa" in browser.contents
    assert 'id="represented_tax_id-error"' in browser.contents
    assert browser.getControl(name="represented_name").value == "ACME S.r.l."  # kept for the retry
    assert drafts(rep.both) == []


def test_professional_needs_the_procura(rep):
    browser = rep.browser(rep.mario)
    start_as(browser, rep.both, "professional",
             {"represented_name": "Carla Neri", "represented_tax_id": CLIENT_CF})
    assert "Allega la procura (atto di incarico) firmata dal cliente, in formato PDF." in browser.contents
    assert drafts(rep.both) == []


def test_procura_must_be_a_real_pdf(rep):
    browser = rep.browser(rep.mario)
    start_as(browser, rep.both, "professional",
             {"represented_name": "Carla Neri", "represented_tax_id": CLIENT_CF},
             procura=(real_png(), "procura.pdf", "application/pdf"))
    assert "non è di un tipo ammesso" in browser.contents
    assert 'id="procura-error"' in browser.contents
    assert drafts(rep.both) == []


def test_client_codice_fiscale_is_checked(rep):
    browser = rep.browser(rep.mario)
    start_as(browser, rep.both, "professional",
             {"represented_name": "Carla Neri", "represented_tax_id": CLIENT_CF[:-1] + "0"},
             procura=(real_pdf("Procura"), "procura.pdf", "application/pdf"))
    assert "Il codice fiscale del cliente non è valido" in browser.contents
    assert drafts(rep.both) == []


def test_professional_with_procura(rep):
    browser = rep.browser(rep.mario)
    start_as(browser, rep.both, "professional",
             {"represented_name": "Carla Neri", "represented_tax_id": CLIENT_CF.lower(),
              "register_number": "Ordine degli Architetti di Firenze n. 1234"},
             procura=(real_pdf("Procura"), "procura-neri.pdf", "application/pdf"))
    assert "@@compila" in browser.url, browser.contents
    (app,) = drafts(rep.both)
    (att,) = attachments_of(app)
    assert (att.spec, att.filename, att.mime) == ("Procura (atto di incarico)", "procura-neri.pdf",
                                                  "application/pdf")
    assert app.representation["kind"] == "professionista"
    assert app.representation["subject_code"] == CLIENT_CF
    assert app.representation["attachment_id"] == att.id
    assert app.representation["register_number"] == "Ordine degli Architetti di Firenze n. 1234"


def test_a_type_for_oneself_refuses_a_forged_post(rep):
    browser = rep.browser(rep.mario)
    browser.open(rep.only_self.absolute_url() + "/@@presenta-istanza")
    token = browser.getControl(name="_authenticator").value
    browser.post(rep.only_self.absolute_url() + "/@@presenta-istanza",
                 "&".join(f"{k}={v}" for k, v in {
                     "_authenticator": token, "form.submitted": "1", "applicant_kind": "association",
                     "represented_name": "ACME", "represented_tax_id": COMPANY_CODE,
                     "represented_seat": "Firenze"}.items()))
    assert "Scegli in quale veste presenti l" in browser.contents
    assert drafts(rep.only_self) == []

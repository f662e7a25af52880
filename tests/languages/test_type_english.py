"""A type's own texts in English, written by the editor: form fields, help,
steps, title, description and attachment names; the receipt speaks the
language the citizen submitted in."""

from comune.istanze.documents.receipt import receipt_html
from comune.istanze.forms.english import IEnglishTexts
from plone.supermodel import loadString
from plone.supermodel import serializeModel
from tests.fixtures import FORM_XML
from tests.fixtures import http_session
from tests.fixtures import login
from tests.fixtures import make_citizen
from tests.fixtures import make_type
from tests.fixtures import queued_emails
from tests.fixtures import submit_as

import pytest
import transaction


ENGLISH_XML = (FORM_XML
               .replace('<fieldset name="nucleo" label="Nucleo familiare">',
                        '<fieldset name="nucleo" label="Nucleo familiare" istanze:label-en="Household">')
               .replace('<field name="isee" type="zope.schema.Float">',
                        '<field name="isee" type="zope.schema.Float" istanze:title-en="ISEE value" '
                        'istanze:description-en="As on your ISEE certificate.">'))
ATTACHMENTS = [{"name": "Contratto di locazione", "name_en": "Lease contract", "required": True,
                "mime_types": "pdf", "max_size_mb": 1}]


def test_english_texts_survive_the_round_trip_through_the_model():
    model = loadString(ENGLISH_XML)
    xml = serializeModel(model)
    assert 'istanze:label-en="Household"' in xml
    assert 'istanze:title-en="ISEE value"' in xml
    assert 'istanze:description-en="As on your ISEE certificate."' in xml
    assert serializeModel(loadString(xml)) == xml


def test_the_designer_writes_the_english_title_into_the_xml():
    model = loadString(FORM_XML)
    field = model.schema["componenti"]
    IEnglishTexts(field).title_en = "Household members"
    IEnglishTexts(field).description_en = ""
    xml = serializeModel(model)
    assert 'istanze:title-en="Household members"' in xml
    assert "description-en" not in xml
    assert IEnglishTexts(loadString(xml).schema["componenti"]).title_en == "Household members"


@pytest.fixture
def english_type(functional_portal):
    service = make_type(functional_portal, code="INGL", title="Contributo affitto",
                        xml=ENGLISH_XML, attachments=ATTACHMENTS,
                        title_en="Rent subsidy", description_en="Help with the rent.")
    transaction.commit()
    return service


def _pages(service, language):
    citizen = make_citizen("Mario", "Rossi")
    transaction.commit()
    web = http_session(citizen.getId())
    web.cookies.set("I18N_LANGUAGE", language)
    type_page = web.get(service.absolute_url(), timeout=30).text
    return web, type_page, citizen


def test_english_visitors_see_the_editors_english_texts(english_type, functional_portal):
    from comune.istanze.workflow import submission

    web, type_page, citizen = _pages(english_type, "en")
    assert ">Rent subsidy</h1>" in type_page and "Help with the rent." in type_page
    assert "Lease contract" in type_page
    login(functional_portal, citizen.getId())
    draft = submission.create_draft(english_type)
    transaction.commit()
    step = web.get(draft.absolute_url() + "/@@compila?step=modulo-nucleo", timeout=30).text
    assert "Household" in step and "ISEE value" in step and "As on your ISEE certificate." in step
    assert "Componenti del nucleo" in step  # no English title: the Italian one
    attachments = web.get(draft.absolute_url() + "/@@compila?step=allegati", timeout=30).text
    assert "Lease contract" in attachments


def test_italian_visitors_keep_the_italian_texts(english_type):
    _web, type_page, _citizen = _pages(english_type, "it")
    assert ">Contributo affitto</h1>" in type_page
    assert "Rent subsidy" not in type_page and "Lease contract" not in type_page


def test_the_receipt_is_in_the_language_of_the_submission(english_type, functional_portal):
    from zope.globalrequest import getRequest

    from plone import api

    with api.env.adopt_roles(["Manager"]):
        api.portal.set_registry_record("plone.email_from_address", "istanze@comune.example")
    citizen = make_citizen("Anna", "Verdi", female=True)
    getRequest()["LANGUAGE"] = "en"
    english = submit_as(functional_portal, english_type, citizen)
    getRequest()["LANGUAGE"] = "it"
    italian = submit_as(functional_portal, english_type, make_citizen("Luca", "Neri"))
    assert (english.language, italian.language) == ("en", "it")
    html = receipt_html(english)
    assert '<html lang="en"' in html
    assert "Receipt of submission" in html and "Rent subsidy" in html
    assert "ISEE value" in html and "Household" in html and "Lease contract" in html
    assert "Ricevuta di presentazione" not in html
    html = receipt_html(italian)
    assert "Ricevuta di presentazione dell'istanza" in html and "Valore ISEE" in html
    assert "Rent subsidy" not in html
    emails = {mail["subject"]: mail["body"] for mail in queued_emails(functional_portal)
              if mail["to"] != "casa@comune.example"}
    assert f"Application no. {english.number} submitted" in emails
    assert "Rent subsidy" in emails[f"Application no. {english.number} submitted"]
    assert f"Istanza n. {italian.number} presentata" in emails

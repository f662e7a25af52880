"""The office sees who acts for whom: review step, receipt, staff page, inbox
(metadata only), exports; the applicant's personal area; the represented
client gets no access."""

from comune.istanze.documents.receipt import receipt_html
from plone.testing.zope import Browser
from tests.journey.helpers import click
from tests.journey.helpers import fill_all
from tests.representation.conftest import COMPANY
from tests.representation.conftest import COMPANY_CODE
from tests.representation.conftest import start_as

import io
import openpyxl
import pytest
import transaction


STATEMENT = (f"Istanza presentata da Mario Rossi in qualità di legale rappresentante di ACME S.r.l., "
             f"P.IVA {COMPANY_CODE}, con sede in Via Roma 1, Firenze.")
ACTING_FOR = f"per ACME S.r.l. (P.IVA {COMPANY_CODE})"


def staff_browser(rep):
    browser = Browser(rep.app)
    browser.handleErrors, browser.raiseHttpErrors = True, False
    browser.addHeader("Authorization", "Basic istruttore:staff-Password-1")
    return browser


@pytest.fixture
def filed(rep):
    """Mario files as legal representative of ACME S.r.l.; returns the application."""
    browser = rep.browser(rep.mario)
    start_as(browser, rep.both, "association", COMPANY)
    draft_url = browser.url.split("/@@compila")[0]
    fill_all(browser, draft_url)
    rep.review_page = browser.contents
    browser.getControl(name="form.widgets.privacy_ack:list").value = ["selected"]
    click(browser, "submit")
    rep.receipt_page = browser.contents
    transaction.begin()
    (app,) = rep.both.objectValues()
    assert app.number, browser.url
    return app


def test_review_step_and_receipt_state_it(rep, filed):
    assert STATEMENT in rep.review_page.replace("&#39;", "'")
    assert STATEMENT in rep.receipt_page
    html = receipt_html(filed)
    assert "<th>Rappresentanza</th>" in html and STATEMENT in html


def test_staff_page_states_it(rep, filed):
    browser = staff_browser(rep)
    browser.open(filed.absolute_url() + "/@@istruttoria")
    assert "Rappresentanza" in browser.contents and STATEMENT in browser.contents


def test_inbox_shows_acting_for_from_metadata_and_filters_by_code(rep, filed):
    catalog = rep.portal.portal_catalog
    (brain,) = catalog.unrestrictedSearchResults(represented_code=COMPANY_CODE)
    assert brain.acting_for == ACTING_FOR and brain.getPath() == "/".join(filed.getPhysicalPath())
    browser = staff_browser(rep)
    browser.open(rep.portal.absolute_url() + "/@@scrivania")
    assert ACTING_FOR in browser.contents and filed.number in browser.contents
    browser.open(rep.portal.absolute_url() + f"/@@scrivania?represented=IT{COMPANY_CODE}")
    assert filed.number in browser.contents
    browser.open(rep.portal.absolute_url() + "/@@scrivania?represented=09999990014")
    assert filed.number not in browser.contents
    browser.open(rep.portal.absolute_url() + "/@@scrivania?represented=12345")
    assert "Codice dell&#39;impresa o del cliente non valido: 12345." in browser.contents \
        or "Codice dell'impresa o del cliente non valido: 12345." in browser.contents


def test_exports_have_the_columns(rep, filed):
    browser = staff_browser(rep)
    browser.open(rep.portal.absolute_url() + "/@@esporta?formato=csv&type=RAPPR")
    text = browser.contents if isinstance(browser.contents, str) else browser.contents.decode("utf-8-sig")
    header, row = text.lstrip("\ufeff").strip().splitlines()
    columns = header.split(";")
    assert "Per conto di" in columns and "Rappresentanza" in columns
    assert ACTING_FOR in row and STATEMENT in row
    browser.open(rep.portal.absolute_url() + "/@@esporta?formato=xlsx&type=RAPPR")
    rows = list(openpyxl.load_workbook(io.BytesIO(browser.contents.encode("latin-1")
                                                  if isinstance(browser.contents, str)
                                                  else browser.contents)).active.values)
    assert rows[1][rows[0].index("Per conto di")] == ACTING_FOR


def test_personal_area_of_the_applicant_shows_it(rep, filed):
    browser = rep.browser(rep.mario)
    browser.open(rep.portal.absolute_url() + "/@@area-personale")
    assert ACTING_FOR in browser.contents


def test_the_represented_subject_gets_no_access(rep, filed):
    """Carla Neri (a citizen of the site) is not the applicant: no listing, no page."""
    transaction.begin()
    filed.representation = dict(filed.representation, subject_code=rep.client)
    filed.reindexObject(idxs=["represented_code"])
    transaction.commit()
    browser = rep.browser(rep.client)
    browser.open(rep.portal.absolute_url() + "/@@area-personale")
    assert filed.number not in browser.contents and "ACME" not in browser.contents
    browser.open(filed.absolute_url())
    assert browser.headers["status"].startswith("404")
    assert b"ACME" not in browser.contents
    browser.open(filed.absolute_url() + "/@istanza")
    assert browser.headers["status"][:3] in ("401", "403", "404")

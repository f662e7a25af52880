"""The application page after submission: answers, history, withdrawal."""

from comune.istanze.documents.attachments import add_attachment
from comune.istanze.workflow import submission
from plone import api
from tests.fixtures import login
from plone.app.testing import logout
from tests.journey.conftest import real_pdf
from tests.journey.helpers import click

import re
import transaction


def submitted_app(journey):
    """An application submitted by the citizen (through the API), committed."""
    login(journey.portal, journey.citizen)
    app = submission.create_draft(journey.type)
    app.componenti, app.isee, app.indirizzo = 2, 12000.5, "Via Verdi 3"
    add_attachment(app, "Contratto di locazione", real_pdf(), "contratto.pdf", app.applicant_id)
    submission.submit(app)
    logout()
    transaction.commit()
    return app


def test_page_shows_state_answers_attachments_history(journey):
    app = submitted_app(journey)
    browser = journey.browser(journey.citizen)
    browser.open(app.absolute_url())
    assert f"Istanza n. {app.number}" in browser.contents
    assert "Presentata" in browser.contents
    assert "Via Verdi 3" in browser.contents and "12.000,50" in browser.contents
    assert "contratto.pdf" in browser.contents
    assert "Cronologia" in browser.contents and "Bozza" in browser.contents
    assert "protocollo in corso" in browser.contents
    assert "Ritira l&#x27;istanza" in browser.contents or "Ritira l'istanza" in browser.contents


def test_citizen_withdraws_before_review(journey):
    app = submitted_app(journey)
    browser = journey.browser(journey.citizen)
    browser.open(app.absolute_url())
    browser.getControl(name="comment").value = "Presentata per errore"
    browser.getControl(name="form.buttons.withdraw").click()
    assert "Istanza ritirata" in browser.contents
    transaction.begin()
    assert api.content.get_state(app) == "withdrawn"
    last = app.workflow_history["istanza_workflow"][-1]
    assert (last["action"], last["actor"], last["comments"]) == ("withdraw", journey.citizen, "Presentata per errore")
    assert "Ritirata" in browser.contents and "Presentata per errore" in browser.contents
    assert "form.buttons.withdraw" not in browser.contents


def test_no_withdrawal_once_review_started(journey):
    app = submitted_app(journey)
    browser = journey.browser(journey.citizen)
    browser.open(app.absolute_url())
    assert "form.buttons.withdraw" in browser.contents
    with api.env.adopt_roles(["Manager"]):
        api.content.transition(obj=app, transition="start_review")
    transaction.commit()
    # The page the citizen still has open posts "Ritira": refused, nothing changes.
    browser.getControl(name="form.buttons.withdraw").click()
    assert "non può più essere ritirata" in browser.contents
    transaction.begin()
    assert api.content.get_state(app) == "in_review"
    browser.open(app.absolute_url())
    assert "In istruttoria" in browser.contents
    assert "form.buttons.withdraw" not in browser.contents
    # Staff read the same page: the citizen's steps are "il richiedente".
    manager = journey.browser()
    from plone.app.testing import SITE_OWNER_NAME
    from plone.app.testing import SITE_OWNER_PASSWORD

    manager.addHeader("Authorization", f"Basic {SITE_OWNER_NAME}:{SITE_OWNER_PASSWORD}")
    manager.open(app.absolute_url())
    assert "il richiedente" in manager.contents and "Via Verdi 3" in manager.contents


def test_submitted_application_cannot_be_edited(journey):
    app = submitted_app(journey)
    browser = journey.browser(journey.citizen)
    browser.open(app.absolute_url() + "/@@compila?step=modulo-alloggio")
    assert browser.url == app.absolute_url()
    assert "non si può più modificare" in browser.contents
    browser.post(app.absolute_url() + "/@@compila?step=modulo-alloggio",
                 b"form.widgets.indirizzo=Altro&form.buttons.save=Salva")
    transaction.begin()
    assert app.indirizzo == "Via Verdi 3"


def test_password_account_cannot_apply(journey):
    """A password account (no SPID/CIE/CNS login) satisfies no level of
    assurance: the apply page refuses in Italian and offers the SPID login."""
    from tests.fixtures import make_citizen

    user = make_citizen("Sara", "Greco", auth_method="password", female=True)
    transaction.commit()
    browser = journey.browser(user.getId())
    browser.open(journey.type_url + "/@@presenta-istanza")
    browser.getControl(name="form.buttons.start").click()
    assert "occorre accedere con SPID, CIE o CNS (livello SpidL2)" in browser.contents
    assert "@@spid-login?acr=SpidL2" in browser.contents
    transaction.begin()
    assert not [a for a in journey.type.objectValues() if a.applicant_id == user.getId()]


def test_staff_opening_a_draft_sees_the_applicant_not_themselves(journey):
    from plone.app.testing import SITE_OWNER_NAME
    from plone.app.testing import SITE_OWNER_PASSWORD

    login(journey.portal, journey.citizen)
    draft = submission.create_draft(journey.type)
    logout()
    transaction.commit()
    manager = journey.browser()
    manager.addHeader("Authorization", f"Basic {SITE_OWNER_NAME}:{SITE_OWNER_PASSWORD}")
    manager.open(draft.absolute_url() + "/@@compila?step=richiedente")
    assert "no-store" in manager.headers["Cache-Control"]
    shown = {m.group(1): m.group(2).strip() for m in re.finditer(
        r'id="form-widgets-(\w+)"[^>]*>([^<]*)<', manager.contents)}
    assert (shown["first_name"], shown["last_name"]) == ("Mario", "Rossi")
    assert shown["fiscal_code"] == journey.citizen


def test_generic_edit_form_is_not_a_way_in(portal, app_type, as_citizen, http_request):
    from comune.istanze.interfaces import IComuneIstanzeLayer
    from comune.istanze.workflow import submission
    from plone import api
    from zExceptions import NotFound
    from zope.interface import alsoProvides

    import pytest

    draft = submission.create_draft(app_type)
    alsoProvides(http_request, IComuneIstanzeLayer)
    view = api.content.get_view("edit", draft, http_request)
    view()
    assert http_request.response.getHeader("Location") == draft.absolute_url() + "/@@compila"
    from plone.app.testing import login
    from plone.app.testing import TEST_USER_NAME

    login(portal, TEST_USER_NAME)
    with api.env.adopt_roles(["Manager"]):
        with pytest.raises(NotFound):
            api.content.get_view("edit", draft, http_request)()

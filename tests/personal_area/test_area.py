"""The personal area: my applications, next action, messages, documents, identity;
sending an integration (B5); a family member named as beneficiary sees nothing."""

from comune.istanze.backoffice import actions
from comune.istanze.documents.sniffing import UploadRejected
from comune.istanze.documents.store import documents_of
from comune.istanze.interfaces import IComuneIstanzeLayer
from comune.istanze.messages.store import messages_of
from comune.istanze.personal_area.integration import send_integration
from comune.istanze.workflow import submission
from comune.istanze.workflow.errors import ApplicationError
from datetime import datetime
from datetime import timedelta
from plone import api
from tests.fixtures import login
from plone.app.testing import logout
from tests.fixtures import make_citizen
from tests.fixtures import PDF
from zExceptions import NotFound
from zExceptions import Unauthorized
from zope.interface import alsoProvides

import pytest


@pytest.fixture
def area(portal, office, http_request):
    alsoProvides(http_request, IComuneIstanzeLayer)
    return office


def view(portal, request, name="area-personale", context=None):
    return api.content.get_view(name=name, context=context or portal, request=request)


def ask_integration(portal, app):
    login(portal, "istruttore")
    return actions.request_integration(app, "Allegare l'ultima ricevuta del canone",
                                       datetime.now() + timedelta(days=10))


def test_anonymous_is_sent_to_login(portal, area, http_request):
    logout()
    with pytest.raises(Unauthorized):
        view(portal, http_request)()


def test_my_applications_with_timeline_and_next_action(portal, area, http_request):
    mario = area["mario"].getId()
    login(portal, mario)
    draft = submission.create_draft(area["casa"])
    page = view(portal, http_request)
    html = page()
    assert http_request.response.getHeader("Cache-Control") == "private, no-store"
    assert '<meta name="robots" content="noindex, nofollow"' in html
    rows = page.applications
    assert [r["id"] for r in rows][0] == draft.getId()
    assert {r["number"] for r in rows[1:]} == {a.number for a in area["apps"][:3]}
    assert rows[0]["next_action"]["url"].endswith("/@@compila")
    submitted = rows[1]
    assert [s["current"] for s in submitted["timeline"]] == [False, True, False, False]
    assert submitted["timeline"][0]["done"]
    # Giulia's applications are not in Mario's area.
    giulia_numbers = {a.number for a in area["apps"][3:]}
    assert not any(n in html for n in giulia_numbers)
    # Identity data from the login.
    assert mario in html and "SPID, livello 2" in html


def test_integration_next_action_and_round_trip(portal, area, http_request):
    app = area["apps"][0]
    request_msg = ask_integration(portal, app)
    login(portal, area["mario"].getId())
    page = view(portal, http_request)
    page()
    row = next(r for r in page.applications if r["id"] == app.getId())
    assert row["next_action"]["kind"] == "integration"
    assert row["next_action"]["deadline_text"] == request_msg.deadline.strftime("%d/%m/%Y %H:%M")
    assert page.unread == 1
    # A file that is not PDF/JPG/PNG by content: Italian error, nothing stored.
    before = len(documents_of(app))
    with pytest.raises(UploadRejected) as exc:
        send_integration(app, "Ecco la ricevuta", [("ricevuta.pdf", b"MZ\x90\x00 not a pdf")])
    assert "non è di un tipo ammesso" in str(exc.value.message)
    with pytest.raises(ApplicationError):
        send_integration(app, "   ", [("ricevuta.pdf", PDF)])
    assert len(documents_of(app)) == before
    assert [m.kind for m in messages_of(app)] == ["integration_request"]
    assert api.content.get_state(app) == "integration_requested"
    # The good answer.
    msg = send_integration(app, "Ecco la ricevuta di marzo", [("ricevuta.pdf", PDF)])
    assert api.content.get_state(app) == "in_review"
    assert (msg.direction, msg.kind, msg.sender) == ("in", "integration_reply", app.applicant_id)
    doc = documents_of(app)[-1]
    assert doc.id in msg.documents and doc.kind == "integration_reply" and doc.data() == PDF
    last = app.workflow_history["istanza_workflow"][-1]
    assert (last["action"], last["comments"]) == ("send_integration", "Ecco la ricevuta di marzo")
    assert last["actor"] == app.applicant_id
    # Not a second time.
    with pytest.raises(ApplicationError):
        send_integration(app, "Ancora", [])


def test_a_late_integration_is_accepted_and_marked_late(portal, area, http_request):
    """After the deadline the answer is still taken (the office decides
    whether it is admissible), marked late everywhere the office looks."""
    app = area["apps"][0]
    request_msg = ask_integration(portal, app)
    request_msg.deadline = datetime(2026, 1, 10, 12, 0)  # passed
    login(portal, area["mario"].getId())
    page = api.content.get_view("integrazione", app, http_request)
    html = page()
    assert page.late() and "oltre il termine" in html
    msg = send_integration(app, "Ecco la ricevuta, in ritardo", [("ricevuta.pdf", PDF)])
    assert msg.late and "oltre il termine" in msg.subject
    assert api.content.get_state(app) == "in_review"
    last = app.workflow_history["istanza_workflow"][-1]
    assert last["comments"].startswith("Integrazione inviata oltre il termine del 10/01/2026 12:00.")
    assert last["comments"].endswith("Ecco la ricevuta, in ritardo")
    from comune.istanze.personal_area.data import message_row

    assert message_row(app, msg)["late"] is True
    # on time: not marked
    other = area["apps"][1]
    ask_integration(portal, other)
    login(portal, area["mario"].getId())
    page = api.content.get_view("integrazione", other, http_request)
    assert "oltre il termine" not in page() and not page.late()
    on_time = send_integration(other, "Ecco", [("ricevuta.pdf", PDF)])
    assert not on_time.late and "oltre" not in on_time.subject


def test_other_citizen_cannot_send_integration(portal, area, http_request):
    app = area["apps"][0]
    ask_integration(portal, app)
    login(portal, area["giulia"].getId())
    with pytest.raises(ApplicationError):
        send_integration(app, "Non è mia", [])
    assert api.content.get_state(app) == "integration_requested"


def message_page(portal, area, http_request, reader):
    """The message view of an integration request on Mario's first application."""
    app = area["apps"][0]
    msg = ask_integration(portal, app)
    login(portal, area[reader].getId())
    page = view(portal, http_request, "messaggio", app)
    page.publishTraverse(http_request, msg.id)
    return page, msg


def test_reading_a_message_marks_it_read(portal, area, http_request):
    page, msg = message_page(portal, area, http_request, "mario")
    html = page()
    assert "Allegare l&#39;ultima ricevuta del canone" in html or "Allegare l'ultima" in html
    assert msg.read is not None
    area_page = view(portal, http_request)
    area_page()
    assert area_page.unread == 0
    # The request letter is among my documents, with its download URL.
    kinds = {d["kind"] for d in area_page.documents}
    assert {"integration_request", "attachment"} <= kinds


def test_other_citizen_gets_404_on_message(portal, area, http_request):
    page, msg = message_page(portal, area, http_request, "giulia")
    with pytest.raises(NotFound):
        page()
    assert msg.read is None


def test_beneficiary_does_not_see_application(portal, area, http_request):
    """Mario applies for his daughter Anna: Anna's area stays empty."""
    anna = make_citizen("Anna", "Rossi", female=True)
    login(portal, area["mario"].getId())
    draft = submission.create_draft(area["casa"], applicant_kind="family",
                                    beneficiary={"fiscal_code": anna.getId(), "name": "Anna Rossi"})
    assert draft.beneficiary_id == anna.getId() and draft.applicant_id == area["mario"].getId()
    login(portal, anna.getId())
    page = view(portal, http_request)
    page()
    assert page.applications == [] and page.documents == [] and page.messages == []
    assert not api.user.has_permission("View", obj=draft)


def test_decided_application_offers_the_rating(portal, area, http_request):
    from tests.fixtures import make_staff

    app = area["apps"][0]
    make_staff("responsabile", area["casa"], "Responsabile")
    login(portal, "responsabile")
    actions.decide(app, "accept", "Requisiti verificati")
    login(portal, area["mario"].getId())
    page = view(portal, http_request)
    html = page()
    row = next(r for r in page.applications if r["id"] == app.getId())
    assert row["next_action"]["kind"] == "rate"
    assert row["timeline"][-1]["current"] and row["timeline"][-1]["title"] == "Accolta"
    assert 'class="valuta-servizio"' in html and "@@valuta-servizio" in html
    # The decision is among my documents and messages.
    assert "decision" in {d["kind"] for d in page.documents}
    assert "decision" in {m["kind"] for m in page.messages}


def test_payment_hook_offers_pay(portal, area, http_request):
    """No payment exists yet: a payments integration plugs in through IPaymentAction."""
    from comune.istanze.personal_area.interfaces import IPaymentAction
    from Products.ZCatalog.interfaces import ICatalogBrain
    from zope.component import getGlobalSiteManager

    class Pay:
        def __init__(self, brain):
            self.brain = brain

        def __call__(self):
            if self.brain.review_state != "submitted":
                return None
            return {"kind": "pay", "title": "Paga", "url": self.brain.getURL() + "/@@paga"}

    login(portal, area["mario"].getId())
    page = view(portal, http_request)
    page()
    assert all(r["next_action"] is None for r in page.applications)
    gsm = getGlobalSiteManager()
    gsm.registerAdapter(Pay, (ICatalogBrain,), IPaymentAction, name="test-pagamenti")
    try:
        html = page()
        assert {r["next_action"]["kind"] for r in page.applications} == {"pay"}
        assert "/@@paga" in html
    finally:
        gsm.unregisterAdapter(Pay, (ICatalogBrain,), IPaymentAction, name="test-pagamenti")


def test_user_menu_links_the_personal_area(portal, area):
    login(portal, area["mario"].getId())
    actions_tool = api.portal.get_tool("portal_actions")
    user_actions = actions_tool.listFilteredActionsFor(portal)["user"]
    (action,) = [a for a in user_actions if a["id"] == "area_personale"]
    assert action["url"] == portal.absolute_url() + "/area-personale"
    assert action["title"] == "Area personale"

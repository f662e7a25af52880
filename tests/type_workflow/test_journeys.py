"""Two types with their own workflow through a whole journey (issue 13 §2).

«Occupazione suolo» adds the office state «sopralluogo», renames states for
citizens and calls its acceptance «concludi_positivo» (kind accept: the
decision rule runs). «Mensa» has no integration step at all. Both go from the
citizen's submission through the office's moves to the decision, and the
personal area shows the citizen's titles.
"""

from comune.istanze.backoffice import actions
from comune.istanze.backoffice import audit
from comune.istanze.documents.store import documents_of
from comune.istanze.interfaces import IComuneIstanzeLayer
from comune.istanze.messages.store import messages_of
from comune.istanze.restapi.application import application_info
from comune.istanze.workflow import custom
from comune.istanze.workflow.withdrawal import withdraw
from datetime import datetime
from datetime import timedelta
from plone import api
from tests.fixtures import login
from tests.fixtures import make_citizen
from tests.fixtures import make_staff
from tests.fixtures import make_type
from tests.fixtures import submit_as
from tests.type_workflow.helpers import with_sopralluogo
from tests.type_workflow.helpers import without_integration
from zope.interface import alsoProvides

import pytest


@pytest.fixture
def world(portal, http_request):
    alsoProvides(http_request, IComuneIstanzeLayer)
    suolo = make_type(portal, code="SUOLO", title="Occupazione suolo pubblico")
    mensa = make_type(portal, code="MENSA", title="Mensa scolastica")
    with api.env.adopt_roles(["Manager"]):
        custom.apply_definition(suolo, with_sopralluogo())
        custom.apply_definition(mensa, without_integration())
    for type_obj in (suolo, mensa):
        make_staff(f"istruttore-{type_obj.code.lower()}", type_obj, "Istruttore")
        make_staff(f"responsabile-{type_obj.code.lower()}", type_obj, "Responsabile")
    return {"suolo": suolo, "mensa": mensa, "mario": make_citizen()}


def _area_row(portal, request, user_id, app):
    login(portal, user_id)
    page = api.content.get_view(name="area-personale", context=portal, request=request)
    page()
    return next(r for r in page.applications if r["id"] == app.getId())


def _citizen_page_state(portal, request, user_id, app):
    login(portal, user_id)
    return api.content.get_view(name="view", context=app, request=request).state_title()


def test_a_type_with_an_inspection(portal, http_request, world):
    suolo, mario = world["suolo"], world["mario"]
    app = submit_as(portal, suolo, mario)
    assert app.workflow_version == 1 and api.content.get_state(app) == "submitted"
    login(portal, "istruttore-suolo")
    actions.transition(app, "start_review", "Presa in carico")
    actions.transition(app, "avvia_sopralluogo", "Sopralluogo fissato per martedì")
    assert api.content.get_state(app) == "sopralluogo"
    row = _area_row(portal, http_request, mario.getId(), app)
    assert row["review_state_title"] == "In verifica sul posto"
    current = [s for s in row["timeline"] if s["current"]]
    assert [(s["id"], s["title"]) for s in current] == [("in_review", "In verifica sul posto")]
    assert _citizen_page_state(portal, http_request, mario.getId(), app) == "In verifica sul posto"
    info = application_info(app, http_request)  # what REST clients of the personal area read
    assert info["review_state_title"] == "In verifica sul posto" and info["workflow_version"] == 1
    assert [h["state_title"] for h in info["history"]][-1] == "In verifica sul posto"
    # the Istruttore may not decide; the Responsabile decides from the inspection state
    login(portal, "istruttore-suolo")
    with pytest.raises(actions.ActionError):
        actions.decide(app, "accept", "Sopralluogo positivo")
    login(portal, "responsabile-suolo")
    with pytest.raises(actions.ActionError):  # a decision is not a plain office move
        actions.transition(app, "concludi_positivo", "ok")
    doc = actions.decide(app, "accept", "Sopralluogo positivo: spazio libero e conforme.")
    assert api.content.get_state(app) == "accepted"
    # the decision rule ran for the renamed transition (kind accept)
    assert doc.kind == "decision" and doc in documents_of(app)
    decision = [m for m in messages_of(app) if m.kind == "decision"]
    assert decision and decision[0].subject == f"Istanza {app.number} accolta"
    log = [e["action"] for e in audit.entries(suolo, uid=app.UID())]
    assert "accept" in log and log.count("transition") == 2  # the two office moves
    row = _area_row(portal, http_request, mario.getId(), app)
    assert row["review_state_title"] == "Domanda accolta"
    assert [s["title"] for s in row["timeline"] if s["current"]] == ["Domanda accolta"]
    assert row["next_action"]["kind"] == "rate"


def test_the_inspection_role_is_the_istruttore(portal, world):
    suolo = world["suolo"]
    app = submit_as(portal, suolo, world["mario"])
    login(portal, "responsabile-suolo")
    actions.transition(app, "start_review")
    with pytest.raises(actions.ActionError):  # roles="Istruttore": not the Responsabile
        actions.transition(app, "avvia_sopralluogo")
    assert api.content.get_state(app) == "in_review"


def test_a_type_without_integration(portal, http_request, world):
    mensa, mario = world["mensa"], world["mario"]
    app = submit_as(portal, mensa, mario)
    login(portal, "istruttore-mensa")
    work = api.content.get_view(name="istruttoria", context=app, request=http_request)
    assert not work.can_request_integration()
    with pytest.raises(actions.ActionError) as exc:
        actions.request_integration(app, "Manca l'ISEE", datetime.now() + timedelta(days=5))
    assert "solo durante l'istruttoria" in api.portal.translate(exc.value.message, lang="it")
    actions.transition(app, "start_review")
    assert not work.can_request_integration()
    assert {t["id"] for t in work.transitions()} == set()  # no office move left but decisions
    login(portal, "responsabile-mensa")
    assert work.can_decide()
    actions.decide(app, "reject", "ISEE oltre la soglia prevista dal bando.")
    assert api.content.get_state(app) == "rejected"
    row = _area_row(portal, http_request, mario.getId(), app)
    assert row["review_state_title"] == "Respinta"
    assert [s["id"] for s in row["timeline"] if s["current"]] == ["outcome"]
    wf = api.portal.get_tool("portal_workflow").getWorkflowsFor(app)[0]
    assert "integration_requested" not in wf.states.objectIds()


def test_withdrawal_by_kind_in_a_custom_workflow(portal, world):
    app = submit_as(portal, world["mensa"], world["mario"])
    login(portal, world["mario"].getId())
    withdraw(app, "Non mi serve più")
    assert api.content.get_state(app) == "withdrawn"


def test_plones_state_menu_offers_only_the_users_transitions(portal, http_request, world):
    from zope.browsermenu.interfaces import IBrowserMenu
    from zope.component import getUtility

    app = submit_as(portal, world["suolo"], world["mario"])
    login(portal, "istruttore-suolo")
    actions.transition(app, "start_review")
    menu = getUtility(IBrowserMenu, name="plone_contentmenu_workflow")

    def offered(user_id):
        login(portal, user_id)
        return {item["extra"]["id"].replace("workflow-transition-", "")
                for item in menu.getMenuItems(app, http_request)
                if item["extra"]["id"].startswith("workflow-transition-")
                and item["extra"]["id"] != "workflow-transition-advanced"}  # Plone's own page

    assert offered("istruttore-suolo") == {"avvia_sopralluogo", "request_integration"}
    assert offered("responsabile-suolo") == {"concludi_positivo", "reject", "request_integration"}
    assert offered(world["mario"].getId()) == set()

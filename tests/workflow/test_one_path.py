"""One path per state change (issue 10, point 4), over real HTTP.

Every transition of an application runs the product's rule whether it comes
from the product's actions, plone.restapi's ``@workflow``, Plone's
``content_status_modify`` (the state menu) or a script
(``api.content.transition``): a decision from any of them leaves the same
document, personal-area message, email job, outgoing protocol job and audit
entry as the staff page's «Decidi»; what lacks its data is refused with an
Italian message and changes nothing; the citizen's transitions are refused
outside the product's own views and services.
"""

from comune.istanze.backoffice import actions
from comune.istanze.backoffice import audit
from comune.istanze.documents.attachments import add_attachment
from comune.istanze.documents.store import documents_of
from comune.istanze.integrations.protocol.registration import OUTGOING
from comune.istanze.messages.store import messages_of
from comune.istanze.outbox.queue import all_jobs
from comune.istanze.workflow import submission
from comune.istanze.workflow.errors import ApplicationError
from datetime import datetime
from datetime import timedelta
from plone import api
from tests.fixtures import login
from tests.fixtures import CITIZEN_PASSWORD
from tests.fixtures import install_mailhost
from tests.fixtures import make_citizen
from tests.fixtures import make_staff
from tests.fixtures import make_type
from tests.fixtures import PDF
from tests.fixtures import submit_as
from types import SimpleNamespace

import io
import pikepdf
import pytest
import requests
import transaction


STAFF = ("responsabile", "staff-Password-1")
MOTIVATION = "Requisiti verificati: ISEE e contratto in regola."
SURFACES = ("@workflow", "content_status_modify", "api.content.transition")


@pytest.fixture
def desk(functional, functional_portal):
    """A type with its Responsabile, citizen Mario and four of his
    applications under review (committed: the HTTP server sees them)."""
    portal = functional_portal
    install_mailhost(portal)
    casa = make_type(portal, code="CASA")
    mario = make_citizen()
    apps = [submit_as(portal, casa, mario) for _i in range(4)]
    make_staff(*STAFF[:1], casa, "Responsabile")
    login(portal, STAFF[0])
    for app in apps:
        actions.transition(app, "start_review")
    transaction.commit()
    base = f"http://{functional['host']}:{functional['port']}/{portal.getId()}"
    return SimpleNamespace(portal=portal, casa=casa, mario=mario.getId(), apps=apps,
                           url=lambda app: f"{base}/{casa.getId()}/{app.getId()}")


def _session(user, password, accept="application/json"):
    web = requests.Session()
    web.auth = (user, password)
    web.headers["Accept"] = accept
    return web


def _token(portal, user_id):
    from plone.protect.authenticator import createToken

    login(portal, user_id)
    token = createToken()
    transaction.commit()
    return token


def fire(desk, surface, app, transition, comment="", user=STAFF):
    """Fire ``transition`` on ``app`` from ``surface`` as ``user``; returns
    the HTTP response (None for a script, which raises on refusal)."""
    if surface == "@workflow":
        return _session(*user).post(f"{desk.url(app)}/@workflow/{transition}",
                                    json={"comment": comment}, timeout=60)
    if surface == "content_status_modify":
        token = _token(desk.portal, user[0])
        return _session(*user, accept="text/html").post(
            f"{desk.url(app)}/content_status_modify", timeout=60, allow_redirects=False,
            data={"workflow_action": transition, "comment": comment, "_authenticator": token})
    login(desk.portal, user[0])
    try:
        api.content.transition(obj=app, transition=transition, comment=comment)
    except Exception:
        transaction.abort()
        raise
    transaction.commit()
    return None


def footprint(desk, app, kind="decision"):
    """What a transition left on ``app``, with its number made generic."""
    transaction.begin()

    def generic(value):
        return value.replace(app.number, "N") if isinstance(value, str) else value

    docs = [d for d in documents_of(app) if d.kind == kind]
    jobs = [j for j in all_jobs(desk.portal) if j.target == app.UID()]
    return {
        "state": api.content.get_state(app),
        "history": [(h["action"], h["review_state"], h["comments"], h["actor"])
                    for h in app.workflow_history["istanza_workflow"][2:]],
        "documents": [(d.kind, generic(d.title), generic(d.filename), d.content_type) for d in docs],
        "messages": [(m.kind, generic(m.subject), m.body, m.direction, len(m.documents))
                     for m in messages_of(app) if m.kind == kind],
        "emails": [(j.data["to"], generic(j.data["subject"])) for j in jobs if j.kind == "email"],
        "protocol": [[d.kind for d in docs if d.id == j.data["document"]] for j in jobs
                     if j.kind == OUTGOING],
        "audit": [(e["who"], e["action"], e["detail"])
                  for e in sorted(audit.entries(desk.casa, app.UID()), key=lambda e: e["when"])
                  if e["action"] != "read"],
    }


@pytest.mark.parametrize("surface", SURFACES)
@pytest.mark.parametrize("outcome", ["accept", "reject"])
def test_a_decision_from_any_surface_is_the_staff_pages_decision(desk, surface, outcome):
    staff_app, other = desk.apps[:2]
    login(desk.portal, STAFF[0])
    actions.decide(staff_app, outcome, MOTIVATION)
    transaction.commit()

    response = fire(desk, surface, other, outcome, MOTIVATION)
    if response is not None:
        assert response.status_code in (200, 302), response.text[:500]

    expected, got = footprint(desk, staff_app), footprint(desk, other)
    assert got == expected
    assert got["state"] == {"accept": "accepted", "reject": "rejected"}[outcome]
    assert got["documents"] and got["messages"] and got["emails"] and got["protocol"] == [["decision"]]
    assert got["audit"][-1] == (STAFF[0], outcome, MOTIVATION)
    assert got["history"][-1][2] == MOTIVATION
    (doc,) = [d for d in documents_of(other) if d.kind == "decision"]
    assert pikepdf.open(io.BytesIO(doc.data())).open_metadata().pdfa_status == "3B"


def _unchanged(desk, app, before):
    after = footprint(desk, app)
    assert after == before
    assert not [d for d in documents_of(app) if d.kind != "receipt"]


@pytest.mark.parametrize("surface", SURFACES)
@pytest.mark.parametrize("outcome", ["accept", "reject"])
def test_a_decision_without_motivation_is_refused(desk, surface, outcome):
    app = desk.apps[0]
    before = footprint(desk, app)
    if surface == "api.content.transition":
        with pytest.raises(ApplicationError) as exc:
            fire(desk, surface, app, outcome, "  ")
        assert exc.value.status == 400
        assert "motivazione" in exc.value.message
    else:
        response = fire(desk, surface, app, outcome, "  ")
        assert response.status_code == 400, response.text[:500]
        assert "serve la motivazione del provvedimento" in response.text
        if surface == "@workflow":
            assert response.json()["error"]["type"] == "ApplicationError"
        else:  # a Plone page with the refusal, not an error page
            assert "Operazione non consentita" in response.text
            assert f'href="{desk.url(app)}"' in response.text
    _unchanged(desk, app, before)


@pytest.mark.parametrize("surface", SURFACES)
def test_an_integration_request_needs_the_office_page(desk, surface):
    app = desk.apps[0]
    before = footprint(desk, app, "integration_request")
    comment = "Allegare la ricevuta del canone"
    if surface == "api.content.transition":
        with pytest.raises(ApplicationError):
            fire(desk, surface, app, "request_integration", comment)
    else:
        response = fire(desk, surface, app, "request_integration", comment)
        assert response.status_code == 400, response.text[:500]
        assert "servono il testo e il termine" in response.text
    assert footprint(desk, app, "integration_request") == before
    assert before["state"] == "in_review" and not before["messages"]


def test_workflow_refusals_store_nothing(desk):
    """What plone.restapi refuses itself (a transition not available in the
    state or to the user) is answered in Italian, and the application is not
    written (plone.restapi sets the effective date before trying)."""
    app = desk.apps[0]
    transaction.begin()
    serial = app._p_serial
    for user, transition in ((STAFF, "close"), ((desk.mario, CITIZEN_PASSWORD), "accept")):
        response = fire(desk, "@workflow", app, transition, MOTIVATION, user=user)
        assert response.status_code == 400, response.text
        assert response.json()["error"]["message"] == "Operazione non disponibile nello stato attuale."
    transaction.begin()
    assert app._p_serial == serial and api.content.get_state(app) == "in_review"


def _citizen_apps(desk):
    """Mario's applications in each state where he has a transition."""
    portal, casa = desk.portal, desk.casa
    login(portal, STAFF[0])
    actions.request_integration(desk.apps[0], "Allegare la ricevuta",
                                datetime.now() + timedelta(days=10))
    mario = api.user.get(userid=desk.mario)
    submitted = submit_as(portal, casa, mario)
    login(portal, desk.mario)
    draft = submission.create_draft(casa)
    draft.componenti, draft.isee, draft.indirizzo = 3, 9000.0, "Via Roma 1"
    add_attachment(draft, "Contratto di locazione", PDF, "c.pdf", desk.mario)
    transaction.commit()
    return {"send_integration": desk.apps[0], "withdraw": submitted, "submit": draft}


@pytest.mark.parametrize("surface", SURFACES)
def test_citizen_transitions_only_through_the_product(desk, surface):
    mario = (desk.mario, CITIZEN_PASSWORD)
    for transition, app in _citizen_apps(desk).items():
        before = footprint(desk, app, "integration_reply")
        if surface == "api.content.transition":
            with pytest.raises(ApplicationError) as exc:
                fire(desk, surface, app, transition, "Fatto", user=mario)
            assert exc.value.status == 403
        else:
            response = fire(desk, surface, app, transition, "Fatto", user=mario)
            assert response.status_code == 403, (transition, response.text[:500])
            assert any(word in response.text for word in ("area personale", "modulo online")), transition
        assert footprint(desk, app, "integration_reply") == before, transition
        transaction.begin()
        assert app.number is None if transition == "submit" else app.number


def test_the_product_still_does_them(desk):
    """The same citizen transitions through the product's own functions."""
    from comune.istanze.personal_area.integration import send_integration
    from comune.istanze.workflow.withdrawal import withdraw

    apps = _citizen_apps(desk)
    login(desk.portal, desk.mario)
    send_integration(apps["send_integration"], "Ricevuta allegata", [("ricevuta.pdf", PDF)])
    withdraw(apps["withdraw"], "Ho sbagliato tipologia")
    submission.submit(apps["submit"])
    states = {t: api.content.get_state(a) for t, a in apps.items()}
    assert states == {"send_integration": "in_review", "withdraw": "withdrawn", "submit": "submitted"}
    reply = [m for m in messages_of(apps["send_integration"]) if m.kind == "integration_reply"]
    assert [m.body for m in reply] == ["Ricevuta allegata"] and reply[0].documents


def test_every_transition_is_audited(desk):
    """A whole life through the product: each transition has its entry."""
    from comune.istanze.personal_area.integration import send_integration
    from comune.istanze.workflow.withdrawal import withdraw

    app, closed_early = desk.apps[0], desk.apps[1]
    login(desk.portal, STAFF[0])
    actions.request_integration(app, "Allegare la ricevuta", datetime.now() + timedelta(days=10))
    login(desk.portal, desk.mario)
    send_integration(app, "Ricevuta allegata", [("ricevuta.pdf", PDF)])
    login(desk.portal, STAFF[0])
    actions.request_integration(app, "Manca la firma", datetime.now() + timedelta(days=10))
    actions.transition(app, "resume_review", "Firma verificata allo sportello")
    actions.decide(app, "accept", MOTIVATION)
    actions.transition(app, "close")
    mario = api.user.get(userid=desk.mario)
    submitted = submit_as(desk.portal, desk.casa, mario)
    withdraw(submitted, "Non serve più")
    login(desk.portal, STAFF[0])
    actions.decide(closed_early, "reject", "Documentazione incompleta.")

    def log(a):
        return [(e["who"], e["action"], e["detail"].split(" ")[0])
                for e in sorted(audit.entries(desk.casa, a.UID()), key=lambda e: e["when"])]

    staff = STAFF[0]
    assert log(app) == [
        (staff, "transition", "start_review"),
        (staff, "request_integration", "termine"),
        (desk.mario, "transition", "send_integration"),
        (staff, "request_integration", "termine"),
        (staff, "transition", "resume_review:"),
        (staff, "accept", "Requisiti"),
        (staff, "transition", "close"),
    ]
    assert log(submitted) == [(desk.mario, "transition", "withdraw:")]
    assert log(closed_early)[-1] == (staff, "reject", "Documentazione")


class NoClosingOnFridays:
    """A Comune's own ``close`` rule (module level: the local registry pickles it)."""

    calls = []

    def prepare(self, app, ctx):
        self.calls.append(("prepare", ctx.transition, ctx.supplied, ctx.comment))
        raise ApplicationError("Di venerdì non si archivia.")

    def complete(self, app, ctx):  # pragma: no cover - never reached
        self.calls.append("complete")


def test_a_rule_is_a_component_a_comune_can_replace(desk):
    """The registry is the plugin registry: another ``close`` rule runs
    instead of the product's, from every surface."""
    from comune.istanze.workflow.rules import ITransitionRule
    from zope.component import getSiteManager

    calls = NoClosingOnFridays.calls = []
    app = desk.apps[0]
    login(desk.portal, STAFF[0])
    actions.decide(app, "accept", MOTIVATION)
    gsm = getSiteManager(context=desk.portal)
    rule = NoClosingOnFridays()
    gsm.registerUtility(rule, ITransitionRule, name="close")
    try:
        with pytest.raises(ApplicationError):
            api.content.transition(obj=app, transition="close", comment="fine")
        with pytest.raises(actions.ActionError) as exc:
            actions.transition(app, "close")
    finally:
        gsm.unregisterUtility(rule, ITransitionRule, name="close")
    assert exc.value.message == "Di venerdì non si archivia."
    assert calls == [("prepare", "close", False, "fine"), ("prepare", "close", True, "")]
    assert api.content.get_state(app) == "accepted"


def test_generic_surfaces_do_not_offer_the_applicant_transitions(desk):
    from comune.istanze.workflow.rules import offered_generically

    app = desk.apps[0]
    assert [t for t in ("submit", "withdraw", "send_integration", "start_review",
                        "request_integration", "resume_review", "accept", "reject", "close",
                        "no_such_transition") if offered_generically(app, t)] == [
        "start_review", "request_integration", "resume_review", "accept", "reject", "close"]

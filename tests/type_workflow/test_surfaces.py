"""Plone's own surfaces on an application with its type's own workflow, over HTTP.

``@workflow`` (GET and POST) and ``content_status_modify`` see the
application's own workflow (the IWorkflowChain adapter): they offer and fire
only what the product allows, the kind's rule runs for renamed transitions,
and a citizen can fire no office transition.
"""

from comune.istanze.backoffice import audit
from comune.istanze.documents.store import documents_of
from comune.istanze.workflow import custom
from plone import api
from plone.protect.authenticator import createToken
from tests.fixtures import CITIZEN_PASSWORD
from tests.fixtures import login
from tests.fixtures import make_citizen
from tests.fixtures import make_staff
from tests.fixtures import make_type
from tests.fixtures import submit_as
from tests.type_workflow.helpers import with_sopralluogo
from types import SimpleNamespace

import pytest
import requests
import transaction


PASSWORD = "staff-Password-1"


@pytest.fixture
def desk(functional, functional_portal):
    portal = functional_portal
    suolo = make_type(portal, code="SUOLO", title="Occupazione suolo pubblico")
    with api.env.adopt_roles(["Manager"]):
        custom.apply_definition(suolo, with_sopralluogo())
    mario = make_citizen()
    app = submit_as(portal, suolo, mario)
    make_staff("istruttore", suolo, "Istruttore")
    make_staff("responsabile", suolo, "Responsabile")
    login(portal, "istruttore")
    api.content.transition(obj=app, transition="start_review")
    transaction.commit()
    base = f"http://{functional['host']}:{functional['port']}/{portal.getId()}"
    return SimpleNamespace(portal=portal, suolo=suolo, app=app, mario=mario.getId(),
                           url=f"{base}/{suolo.getId()}/{app.getId()}")


def _web(user, password=PASSWORD):
    web = requests.Session()
    web.auth = (user, password)
    web.headers["Accept"] = "application/json"
    return web


def _offered(desk, user, password=PASSWORD):
    answer = _web(user, password).get(f"{desk.url}/@workflow", timeout=60)
    assert answer.status_code == 200, answer.text[:300]
    return {t["@id"].rsplit("/", 1)[-1] for t in answer.json()["transitions"]}


def _state(desk):
    transaction.begin()
    return api.content.get_state(desk.app)


def test_workflow_offers_what_the_product_allows(desk):
    assert _offered(desk, "istruttore") == {"avvia_sopralluogo", "request_integration"}
    assert _offered(desk, "responsabile") == {"concludi_positivo", "reject",
                                              "request_integration"}
    assert _offered(desk, desk.mario, CITIZEN_PASSWORD) == set()


def test_a_citizen_cannot_fire_office_transitions(desk):
    citizen = _web(desk.mario, CITIZEN_PASSWORD)
    for transition in ("avvia_sopralluogo", "concludi_positivo", "reject", "withdraw"):
        answer = citizen.post(f"{desk.url}/@workflow/{transition}", json={"comment": "x"},
                              timeout=60)
        assert answer.status_code in (400, 401, 403), (transition, answer.status_code)
        assert _state(desk) == "in_review"
    login(desk.portal, desk.mario)
    token = createToken()
    transaction.commit()
    answer = citizen.post(f"{desk.url}/content_status_modify", allow_redirects=False, timeout=60,
                          headers={"Accept": "text/html"},
                          data={"workflow_action": "avvia_sopralluogo", "_authenticator": token})
    assert answer.status_code in (302, 400, 401, 403)
    assert _state(desk) == "in_review"


def test_renamed_transitions_run_their_kinds_rule(desk):
    istruttore = _web("istruttore")
    answer = istruttore.post(f"{desk.url}/@workflow/avvia_sopralluogo",
                             json={"comment": "Sopralluogo martedì"}, timeout=60)
    assert answer.status_code == 200, answer.text[:300]
    assert _state(desk) == "sopralluogo"
    entries = audit.entries(desk.suolo, uid=desk.app.UID())
    assert ("transition", "avvia_sopralluogo: Sopralluogo martedì") in [
        (e["action"], e["detail"]) for e in entries]
    responsabile = _web("responsabile")
    refused = responsabile.post(f"{desk.url}/@workflow/concludi_positivo", json={}, timeout=60)
    assert refused.status_code == 400
    assert "motivazione" in refused.json()["error"]["message"]
    assert _state(desk) == "sopralluogo"
    answer = responsabile.post(f"{desk.url}/@workflow/concludi_positivo",
                               json={"comment": "Spazio conforme al regolamento."}, timeout=60)
    assert answer.status_code == 200, answer.text[:300]
    assert _state(desk) == "accepted"
    assert [d.kind for d in documents_of(desk.app)].count("decision") == 1

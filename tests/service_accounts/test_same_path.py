"""A decision through a service account produces what the staff page
produces: the decision document, the citizen's message, the email and the
outgoing protocol registration (outbox jobs), the audit entry under the
account's name."""

from comune.istanze.backoffice import audit
from comune.istanze.documents.store import documents_of
from comune.istanze.messages.store import messages_of
from comune.istanze.outbox.queue import all_jobs
from plone import api
from tests.fixtures import install_mailhost
from tests.fixtures import PDF
from tests.service_accounts.conftest import rel

import base64
import re
import transaction
import uuid


MOTIVATION = "Requisiti verificati: ISEE e contratto regolari."


def _staff_page_decide(boss, app):
    page = boss.get(f"{rel(app)}/@@istruttoria")
    token = re.search(r'name="_authenticator"\s+value="([^"]+)"', page.text).group(1)
    return boss.post(f"{rel(app)}/@@istruttoria", allow_redirects=False,
                     data={"azione": "decide", "outcome": "accept", "motivation": MOTIVATION,
                           "_authenticator": token})


def _outcome(portal, app):
    """What deciding left behind, with the application's number taken out."""
    number = app.number
    docs = [(d.kind, d.title.replace(number, "N"), d.visible_to_citizen, d.content_type)
            for d in documents_of(app) if d.kind == "decision"]
    decision = [d for d in documents_of(app) if d.kind == "decision"]
    msgs = [(m.kind, m.subject.replace(number, "N"), m.body, tuple(m.documents) == (decision[0].id,))
            for m in messages_of(app) if m.kind == "decision"]
    jobs = [j for j in all_jobs(portal) if j.target == app.UID()]
    protocol = [(j.kind, j.data.get("document") == decision[0].id) for j in jobs
                if j.kind == "protocol.outgoing"]
    emails = [(j.data["to"], j.data["subject"].replace(number, "N"),
               j.data["body"].replace(app.absolute_url(), "URL"))
              for j in all_jobs(portal) if j.kind == "email" and number in j.data["subject"]]
    trail = [(e["action"], e["detail"]) for e in audit.entries(app.application_type(), uid=app.UID())
             if e["action"] in ("start_review", "transition", "accept")]
    return {"state": api.content.get_state(app), "documents": docs, "messages": msgs,
            "protocol": protocol, "emails": emails, "audit": trail}


def _who(app, action):
    return [e["who"] for e in audit.entries(app.application_type(), uid=app.UID())
            if e["action"] == action]


def test_decide_via_api_equals_decide_via_staff_page(sa_office):
    portal = sa_office["portal"]
    install_mailhost(portal)
    transaction.commit()
    by_staff, by_system = sa_office["apps"][0], sa_office["apps"][1]
    r = _staff_page_decide(sa_office["boss"], by_staff)
    assert r.status_code == 302, r.text[:500]
    r = sa_office["sa"].post(f"{rel(by_system)}/@istruttoria", headers={"Idempotency-Key": "dec-1"},
                             json={"action": "decide", "outcome": "accept", "motivation": MOTIVATION})
    assert r.status_code == 200 and r.json()["review_state"] == "accepted", r.text
    transaction.begin()
    staff, system = _outcome(portal, by_staff), _outcome(portal, by_system)
    assert staff == system
    assert system["state"] == "accepted" and len(system["documents"]) == 1
    assert len(system["messages"]) == 1 and system["protocol"] == [("protocol.outgoing", True)]
    assert system["emails"] and system["emails"][0][0] == sa_office["mario"].getProperty("email")
    assert _who(by_staff, "accept") == ["responsabile"]
    assert _who(by_system, "accept") == [sa_office["account"].id]
    history = by_system.workflow_history["istanza_workflow"][-1]
    assert history["action"] == "accept" and history["actor"] == sa_office["account"].id
    pdf = [d for d in documents_of(by_system) if d.kind == "decision"][0].data()
    assert pdf.startswith(b"%PDF")


def test_reads_and_actions_are_audited_under_the_account(sa_office):
    sa, app, account = sa_office["sa"], sa_office["apps"][2], sa_office["account"]
    assert sa.get(f"{rel(app)}/@istruttoria").status_code == 200
    assert sa.get("/@scrivania").status_code == 200
    r = sa.post(f"{rel(app)}/@istruttoria", headers={"Idempotency-Key": "doc-1"},
                json={"action": "document", "title": "Verifica tributaria",
                      "document": {"filename": "verifica.pdf", "data": base64.b64encode(PDF).decode()}})
    assert r.status_code == 200 and r.json()["document"]["title"] == "Verifica tributaria", r.text
    r = sa.post(f"{rel(app)}/@istruttoria", headers={"Idempotency-Key": "int-1"},
                json={"action": "integration", "text": "Serve la ricevuta del canone",
                      "deadline": "2099-01-31T12:00"})
    assert r.status_code == 200 and r.json()["review_state"] == "integration_requested", r.text
    transaction.begin()
    mine = [(e["action"], e["detail"]) for e in audit.entries(sa_office["casa"], uid=app.UID())
            if e["who"] == account.id]
    assert ("read", "REST") in mine and ("document", "Verifica tributaria") in mine
    assert "request_integration" in [a for a, _d in mine]
    listings = [e for e in audit.entries(sa_office["casa"]) if e["who"] == account.id
                and e["detail"] == "REST @scrivania"]
    assert len(listings) == 1 and not [e for e in audit.entries(sa_office["mensa"])
                                       if e["who"] == account.id]
    doc = [d for d in documents_of(app) if d.kind == "internal"][0]
    assert doc.visible_to_citizen is False
    r = sa_office["citizen"].get(f"{rel(app)}/@@documento", params={"id": doc.id})
    assert r.status_code in (302, 401, 403, 404)


def test_bad_internal_document_is_refused_in_italian(sa_office):
    sa, app = sa_office["sa"], sa_office["apps"][2]
    r = sa.post(f"{rel(app)}/@istruttoria", headers={"Idempotency-Key": uuid.uuid4().hex},
                json={"action": "document", "title": "Verifica",
                      "document": {"filename": "x.pdf", "data": base64.b64encode(b"not a pdf").decode()}})
    assert r.status_code == 400 and "tipo ammesso" in r.json()["error"]["message"]
    r = sa.post(f"{rel(app)}/@istruttoria", headers={"Idempotency-Key": uuid.uuid4().hex},
                json={"action": "document", "title": "", "document": None})
    assert r.status_code == 400 and "titolo" in r.json()["error"]["message"]
    transaction.begin()
    assert not [d for d in documents_of(app) if d.kind == "internal"]

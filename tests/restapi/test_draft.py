"""A draft over REST: PATCH its answers, add attachments, submit it."""

from comune.istanze.documents.attachments import attachments_of
from tests.restapi.conftest import ANSWERS
from tests.restapi.conftest import attachment
from tests.restapi.conftest import body
from tests.restapi.conftest import PDF
from tests.restapi.conftest import PNG

import hashlib
import pytest
import transaction


@pytest.fixture
def draft(rest_type, mario):
    """URL (relative to the API root) of an empty draft of Mario's."""
    resp = mario.post(f"{rest_type.getId()}/@istanze",
                      json=body(submit=False, data={}, attachments=[]))
    assert resp.status_code == 201, resp.text
    return f"{rest_type.getId()}/{resp.json()['id']}"


def stored(rest_type, url):
    transaction.begin()
    return rest_type[url.rsplit("/", 1)[1]]


def complete(session, url):
    assert session.patch(url, json=ANSWERS).status_code == 204
    assert session.post(f"{url}/@istanze-allegati", json=attachment()).status_code == 201


def test_patch_by_owner(rest_type, mario, draft):
    resp = mario.patch(draft, json={"componenti": 4, "canone": 550})
    assert resp.status_code == 204, resp.text
    app = stored(rest_type, draft)
    assert (app.componenti, app.canone) == (4, 550)


def test_patch_cannot_touch_metadata(rest_type, mario, draft):
    resp = mario.patch(draft, json={"applicant_id": "HACKER", "number": "2026-X-1", "componenti": 2})
    assert resp.status_code == 204, resp.text
    app = stored(rest_type, draft)
    assert app.applicant_id == mario.user_id and app.number is None
    assert app.componenti == 2


def test_patch_bad_values_in_italian(rest_type, mario, draft):
    resp = mario.patch(draft, json={"componenti": 0, "indirizzo": "Via Po 2", "colore": "blu"})
    assert resp.status_code == 400
    assert resp.json()["error"]["message"] == (
        "«Componenti del nucleo» deve essere almeno 1. Il modulo non prevede il campo «colore»."
    )
    assert stored(rest_type, draft).indirizzo is None


def test_patch_uses_the_drafts_form_version(rest_type, mario, draft):
    from plone import api
    from zope.event import notify
    from zope.lifecycleevent import ObjectModifiedEvent

    transaction.begin()
    with api.env.adopt_roles(["Manager"]):  # version 2: at least 5 members, a new field
        rest_type.form_model = rest_type.form_model.replace(
            "<min>1</min>", "<min>5</min>").replace(
            "    </fieldset>\n  </schema>",
            '      <field name="piano" type="zope.schema.Int"><title>Piano</title></field>\n'
            "    </fieldset>\n  </schema>")
        notify(ObjectModifiedEvent(rest_type))
    transaction.commit()
    assert rest_type.current_form_version == 2
    assert mario.patch(draft, json={"componenti": 3}).status_code == 204
    assert stored(rest_type, draft).componenti == 3
    resp = mario.patch(draft, json={"piano": 2})
    assert resp.status_code == 400
    assert resp.json()["error"]["message"] == "Il modulo non prevede il campo «piano»."


def test_patch_refused_for_others(rest_type, mario, giulia, anon_request, draft):
    for session in (giulia, anon_request):
        resp = session.patch(draft, json={"componenti": 9})
        assert resp.status_code in (401, 403, 404)
        assert "componenti" not in resp.text
    assert stored(rest_type, draft).componenti is None


def test_patch_refused_after_submission(rest_type, mario, draft):
    complete(mario, draft)
    assert mario.post(f"{draft}/@istanze-invia").status_code == 200
    resp = mario.patch(draft, json={"componenti": 9})
    assert resp.status_code in (401, 403)
    assert stored(rest_type, draft).componenti == 3


def test_attachment_added_and_replaced(rest_type, mario, draft):
    first = mario.post(f"{draft}/@istanze-allegati", json=attachment(filename="vecchio.pdf"))
    assert first.status_code == 201, first.text
    info = first.json()
    assert info["name"] == "Contratto di locazione"
    assert info["sha256"] == hashlib.sha256(PDF).hexdigest()
    assert info["content-type"] == "application/pdf" and info["size"] == len(PDF)
    newer = PDF.replace(b"1.4", b"1.7")
    second = mario.post(f"{draft}/@istanze-allegati", json=attachment(newer, filename="nuovo.pdf"))
    assert second.status_code == 201
    atts = attachments_of(stored(rest_type, draft))
    assert [(a.filename, a.sha256) for a in atts] == [("nuovo.pdf", hashlib.sha256(newer).hexdigest())]
    download = mario.get(second.json()["download"])
    assert download.status_code == 200 and download.content == newer


def test_rejected_attachment_keeps_the_old_one(rest_type, mario, draft):
    assert mario.post(f"{draft}/@istanze-allegati", json=attachment()).status_code == 201
    resp = mario.post(f"{draft}/@istanze-allegati", json=attachment(PNG))
    assert resp.status_code == 400
    assert "non è di un tipo ammesso" in resp.json()["error"]["message"]
    atts = attachments_of(stored(rest_type, draft))
    assert [a.sha256 for a in atts] == [hashlib.sha256(PDF).hexdigest()]


def test_attachment_refused_for_others_and_after_submission(rest_type, mario, giulia, draft):
    resp = giulia.post(f"{draft}/@istanze-allegati", json=attachment())
    assert resp.status_code in (401, 403, 404)
    complete(mario, draft)
    assert mario.post(f"{draft}/@istanze-invia").status_code == 200
    resp = mario.post(f"{draft}/@istanze-allegati", json=attachment(filename="tardivo.pdf"))
    assert resp.status_code == 403
    assert "già stata inviata" in resp.json()["error"]["message"]
    assert [a.filename for a in attachments_of(stored(rest_type, draft))] == ["contratto.pdf"]


def test_submit_incomplete_draft(rest_type, mario, draft):
    mario.patch(draft, json={"componenti": 3})
    resp = mario.post(f"{draft}/@istanze-invia")
    assert resp.status_code == 400
    error = resp.json()["error"]
    assert error["message"].startswith("Campo obbligatorio")
    fields = {e["field"] for e in error["errors"]}
    assert {"isee", "indirizzo", "attachment"} <= fields
    app = stored(rest_type, draft)
    assert app.number is None and app.portal_workflow.getInfoFor(app, "review_state") == "draft"


def test_submit_draft(rest_type, mario, draft):
    complete(mario, draft)
    resp = mario.post(f"{draft}/@istanze-invia")
    assert resp.status_code == 200, resp.text
    assert resp.json()["review_state"] == "submitted"
    assert resp.json()["number"].endswith("-CONTAFF-000001")
    again = mario.post(f"{draft}/@istanze-invia")  # a retry: the same answer (test_retry.py)
    assert again.status_code == 200 and again.json()["number"] == resp.json()["number"]


def test_submit_someone_elses_draft(rest_type, mario, giulia, draft):
    complete(mario, draft)
    resp = giulia.post(f"{draft}/@istanze-invia")
    assert resp.status_code in (401, 403, 404)
    app = stored(rest_type, draft)
    assert app.number is None


def test_workflow_submit_is_refused_use_istanze_invia(rest_type, mario, draft):
    """The applicant submits only through the product (@istanze-invia, the
    form): plone.restapi's @workflow/submit is refused, nothing changes."""
    complete(mario, draft)
    resp = mario.post(f"{draft}/@workflow/submit")
    assert resp.status_code == 403, resp.text
    error = resp.json()["error"]
    assert error["type"] == "NotAllowed"
    assert error["message"] == "Invia l'istanza dal modulo online o con il servizio @istanze-invia."
    app = stored(rest_type, draft)
    assert app.number is None and app.portal_workflow.getInfoFor(app, "review_state") == "draft"
    resp = mario.post(f"{draft}/@istanze-invia")
    assert resp.status_code == 200, resp.text
    assert resp.json()["review_state"] == "submitted"
    assert stored(rest_type, draft).number.endswith("-CONTAFF-000001")

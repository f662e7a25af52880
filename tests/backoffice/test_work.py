"""Working an application: notes, assignment, transitions, integrations, decisions, audit."""

from comune.istanze.backoffice import actions
from comune.istanze.backoffice import audit
from comune.istanze.documents.store import documents_of
from comune.istanze.interfaces import IComuneIstanzeLayer
from comune.istanze.messages.store import messages_of
from datetime import datetime
from datetime import timedelta
from plone import api
from tests.fixtures import SavedSteps
from tests.fixtures import login
from tests.fixtures import make_staff
from tests.fixtures import PDF
from tests.fixtures import queued_emails
from zope.interface import alsoProvides

import pikepdf
import io
import pytest


def _app(office):
    return office["apps"][0]


def test_notes_are_internal_and_audited(portal, office):
    app = _app(office)
    login(portal, "istruttore")
    with pytest.raises(actions.ActionError):
        actions.add_note(app, "   ")
    actions.add_note(app, "Verificare il contratto con l'Agenzia delle Entrate")
    assert actions.notes_of(app)[0]["who"] == "istruttore"
    log = audit.entries(office["casa"], app.UID())
    assert [e["action"] for e in log] == ["note"]


def test_assignment_only_to_staff_of_the_type(portal, office):
    app = _app(office)
    login(portal, "istruttore")
    with pytest.raises(actions.ActionError):
        actions.assign(app, "mensa_staff")
    actions.assign(app, "istruttore")
    assert app.assignee == "istruttore"
    assert [b.getId for b in api.content.find(assignee="istruttore")] == [app.getId()]


def test_integration_request_round_trip(portal, office):
    app = _app(office)
    login(portal, "istruttore")
    with pytest.raises(actions.ActionError):
        actions.request_integration(app, "Manca la ricevuta", datetime.now() - timedelta(days=1))
    assert api.content.get_state(app) == "submitted"
    deadline = datetime.now() + timedelta(days=10)
    msg = actions.request_integration(app, "Allegare l'ultima ricevuta del canone", deadline)
    assert api.content.get_state(app) == "integration_requested"
    assert msg.deadline == deadline and msg.kind == "integration_request"
    history = app.workflow_history["istanza_workflow"]
    assert history[-1]["comments"] == "Allegare l'ultima ricevuta del canone"
    assert history[-1]["actor"] == "istruttore"
    kinds = [d.kind for d in documents_of(app)]
    assert "integration_request" in kinds


def test_decision_requires_responsabile_and_motivation(portal, office, mailhost):
    app = _app(office)
    login(portal, "istruttore")
    with pytest.raises(actions.ActionError) as exc:
        actions.decide(app, "accept", "Requisiti verificati")
    assert exc.value.status == 403
    make_staff("responsabile", office["casa"], "Responsabile")
    login(portal, "responsabile")
    with pytest.raises(actions.ActionError):
        actions.decide(app, "accept", "")
    with pytest.raises(actions.ActionError):
        actions.decide(app, "accept", "ok", upload=b"\x89PNG\r\n\x1a\n" + b"0" * 100, filename="x.pdf")
    assert api.content.get_state(app) == "submitted"
    doc = actions.decide(app, "accept", "Requisiti verificati: contributo concesso.")
    assert api.content.get_state(app) == "accepted"
    pdf = pikepdf.open(io.BytesIO(doc.data()))
    assert pdf.open_metadata().pdfa_status == "3B"
    msgs = messages_of(app)
    assert msgs[-1].kind == "decision" and doc.id in msgs[-1].documents
    mails = queued_emails(portal)
    assert [m["to"] for m in mails if "accolta" in m["subject"]] == [app.applicant_email]
    # The worker's handler sends it through MailHost.
    from comune.istanze.outbox.email import EmailJobHandler
    from comune.istanze.outbox.queue import all_jobs

    job = [j for j in all_jobs(portal) if j.kind == "email" and "accolta" in j.data["subject"]][0]
    EmailJobHandler().run(job, None, SavedSteps(job))
    assert app.applicant_email in str(mailhost.messages[-1])


def test_citizen_cannot_work(portal, office):
    app = _app(office)
    login(portal, office["mario"].getId())
    for call in (lambda: actions.add_note(app, "x"), lambda: actions.assign(app, ""),
                 lambda: actions.transition(app, "start_review"),
                 lambda: actions.decide(app, "accept", "x")):
        with pytest.raises(actions.ActionError) as exc:
            call()
        assert exc.value.status == 403


def test_staff_page_logs_reads(portal, office, http_request):
    app = _app(office)
    login(portal, "istruttore")
    alsoProvides(http_request, IComuneIstanzeLayer)
    http_request.method = "GET"
    html = api.content.get_view("istruttoria", app, http_request)()
    assert app.number in html and "Note interne" in html
    log = audit.entries(office["casa"], app.UID())
    assert log[-1]["action"] == "read" and log[-1]["who"] == "istruttore"
    csv_text = audit.to_csv(office["casa"])
    assert "read" in csv_text and app.number in csv_text


def test_single_communication_from_the_staff_page(portal, office, http_request, mailhost):
    app = _app(office)
    login(portal, "istruttore")
    alsoProvides(http_request, IComuneIstanzeLayer)
    http_request.method = "POST"
    http_request.form.update({"azione": "message", "subject": "Appuntamento",
                              "body": "La aspettiamo lunedì alle 10 allo sportello.",
                              "_authenticator": api.content.get_view("authenticator", portal, http_request).token()})
    api.content.get_view("istruttoria", app, http_request)()
    msgs = [m for m in messages_of(app) if m.kind == "communication"]
    assert [m.subject for m in msgs] == ["Appuntamento"]
    assert [e["to"] for e in queued_emails(portal) if e["subject"] == "Appuntamento"] == [app.applicant_email]
    http_request.form.update({"subject": ""})
    api.content.get_view("istruttoria", app, http_request)()
    assert http_request.response.getStatus() == 400


def test_staff_downloads_are_audited_the_applicants_are_not(portal, office, http_request):
    from comune.istanze.browser.download import AttachmentDownload
    from comune.istanze.documents.attachments import attachments_of
    from comune.istanze.documents.store import add_document
    from comune.istanze.documents.views import DocumentView

    app = _app(office)
    att = attachments_of(app)[0]
    doc = add_document(app, "communication", "Comunicazione", PDF, "comunicazione.pdf",
                       visible_to_citizen=True)

    def download(view_class, name):
        view = view_class(app, http_request)
        view.publishTraverse(http_request, name)
        return view()

    def downloads():
        return [e for e in audit.entries(office["casa"], app.UID()) if e["action"] == "download"]

    login(portal, app.applicant_id)
    download(AttachmentDownload, att.id)
    download(DocumentView, doc.id)
    assert downloads() == []
    login(portal, "istruttore")
    download(AttachmentDownload, att.id)
    download(DocumentView, doc.id)
    assert [(e["who"], e["detail"]) for e in downloads()] == [
        ("istruttore", "allegato: c.pdf"), ("istruttore", "documento: comunicazione.pdf")]

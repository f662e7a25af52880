"""Retention (issue 15, point 4): applications past their type's retention
period are anonymised by the worker, keeping what the law requires; a dry
run first; the published transparency figures do not change."""

from comune.istanze.backoffice import actions
from comune.istanze.backoffice.audit import entries
from comune.istanze.documents.attachments import attachments_of
from comune.istanze.documents.store import add_document
from comune.istanze.documents.store import documents_of
from comune.istanze.messages.store import add_message
from comune.istanze.messages.store import messages_of
from comune.istanze.outbox import queue
from comune.istanze.outbox import worker
from comune.istanze.retention import jobs
from comune.istanze.retention import policy
from comune.istanze.retention import purge
from comune.istanze.statistics.counters import get_store
from datetime import datetime
from datetime import timedelta
from plone import api
from tests.fixtures import login
from tests.fixtures import make_citizen
from tests.fixtures import make_staff
from tests.fixtures import make_type
from tests.fixtures import submit_as

import pytest
import transaction


LATER = datetime.now() + timedelta(days=366 * 11)  # past a 10-year retention


def _decided(portal, office):
    app = office["apps"][0]
    add_message(app, "communication", "Promemoria", "Gentile Mario Rossi, ...", "istruttore")
    make_staff("responsabile", office["casa"], "Responsabile")
    login(portal, "responsabile")
    actions.decide(app, "accept", "Requisiti verificati: contributo concesso.")
    return app


def test_only_closed_files_have_a_retention_end(portal, office):
    open_app = office["apps"][1]
    assert policy.closed_on(open_app) is None and not policy.is_due(open_app, LATER)
    app = _decided(portal, office)
    closed = policy.closed_on(app)
    assert abs((datetime.now() - closed).total_seconds()) < 120
    assert policy.retention_until(app) == policy.add_years(closed, 10)
    assert not policy.is_due(app) and policy.is_due(app, LATER)
    assert policy.add_years(datetime(2024, 2, 29), 1) == datetime(2025, 2, 28)


def test_the_dry_run_reports_and_changes_nothing(portal, office):
    app = _decided(portal, office)
    with api.env.adopt_roles(["Manager"]):
        rows = purge.report(LATER)
        assert [r["number"] for r in rows] == [app.number]
        assert rows[0]["type"] == "CASA" and rows[0]["state"] == "accepted"
        assert purge.report() == []  # nothing due today
        assert api.portal.get_registry_record("comune.istanze.retention.apply") is False
        assert purge.run(portal, LATER) == {"due": 1, "anonymised": 0}
    assert app.applicant_name == "Mario Rossi" and app.isee == 1000.0


@pytest.fixture
def committed_office(functional_portal):
    """The ``office`` world in the functional layer: anonymising commits
    each application in its own transaction, as the worker does."""
    casa = make_type(functional_portal, code="CASA", title="Contributo affitto")
    mario = make_citizen("Mario", "Rossi")
    apps = [submit_as(functional_portal, casa, mario, isee=float(1000 * i)) for i in range(1, 4)]
    make_staff("istruttore", casa, "Istruttore")
    transaction.commit()
    return {"casa": casa, "mario": mario, "apps": apps}


def test_anonymising_keeps_what_the_law_requires(functional_portal, committed_office):
    portal, office = functional_portal, committed_office
    app = _decided(portal, office)
    cf, number = app.applicant_id, app.number
    app.protocol_number = "2026/0001234"
    app.frontdesk = {"operator_id": "sportello", "operator_name": "Sofia Sportello",
                     "document_type": "carta_identita", "document_number": "CA12345AB",
                     "fiscal_code": cf}
    app.representation = {"kind": "legale_rappresentante", "subject_code": "09999990014",
                          "subject_name": "Ferramenta Esempio S.r.l."}
    app.reindexObject()
    counters = get_store().values(app.submitted.year)
    add_document(app, "receipt", "Ricevuta", b"%PDF-1.4 Mario Rossi", "ricevuta.pdf")
    assert attachments_of(app) and {d.kind for d in documents_of(app)} == {"receipt", "decision"}
    with api.env.adopt_roles(["Manager"]):
        api.portal.set_registry_record("comune.istanze.retention.apply", True)
        assert purge.run(portal, LATER) == {"due": 1, "anonymised": 1}
    transaction.begin()
    # kept: number, protocol, state, dates, the decision (document and message)
    assert app.number == number and app.protocol_number == "2026/0001234"
    assert api.content.get_state(app) == "accepted" and app.submitted is not None
    assert [d.kind for d in documents_of(app)] == ["decision"]
    assert [m.kind for m in messages_of(app)] == ["decision"]
    assert app.auth_method == "spid"  # a statistics dimension, not a person
    assert app.frontdesk == {"operator_id": "sportello", "operator_name": "Sofia Sportello"}
    assert app.representation is None
    # gone: answers, files, names, codice fiscale, the applicant's role
    assert attachments_of(app) == []
    assert getattr(app, "isee", None) is None and getattr(app, "indirizzo", None) is None
    assert app.applicant_id is None and app.applicant_name == "anonimizzato"
    assert cf not in app.__ac_local_roles__ and cf not in app.creators
    history = app.workflow_history["istanza_workflow"]
    assert all(entry["actor"] != cf for entry in history)
    assert any(entry["actor"] == "responsabile" for entry in history)  # the office's steps
    catalog = api.portal.get_tool("portal_catalog").unrestrictedSearchResults
    with api.env.adopt_roles(["Manager"]):
        assert len(catalog(applicant_id=cf, application_type="CASA")) == 2  # the others
        [brain] = catalog(application_number=number)
        assert brain.getPath() == "/".join(app.getPhysicalPath())
        assert brain.applicant_name == "anonimizzato" and brain.applicant_id is None
        assert not catalog(applicant_words=["rossi"], application_number=number)
        # the transparency figures are those published before
        assert get_store().values(app.submitted.year) == counters
        # in the type's audit log, and never again
        assert any(e["action"] == "conservazione" and e["number"] == number
                   for e in entries(office["casa"]))
        assert purge.report(LATER) == [] and purge.run(portal, LATER)["due"] == 0


def test_the_worker_runs_it_once_a_day_when_turned_on(functional, functional_portal):
    now = datetime(2037, 5, 4, 3, 0)
    schedule = jobs.Schedule()
    assert schedule.schedule(functional_portal, now) is None  # report only: no job
    api.portal.set_registry_record("comune.istanze.retention.apply", True)
    job = schedule.schedule(functional_portal, now)
    assert job is not None and job.kind == "retention"
    assert schedule.schedule(functional_portal, now + timedelta(hours=5)) is None
    assert schedule.schedule(functional_portal, now + timedelta(days=1)) is not None
    transaction.commit()
    assert worker.process(functional_portal, job.id) == queue.DONE
    transaction.begin()
    assert queue.get_job(functional_portal, job.id).results["esito"] == {"due": 0, "anonymised": 0}


@pytest.mark.parametrize("view", ["conservazione"])
def test_the_report_page_for_the_office(portal, office, http_request, view):
    from comune.istanze.interfaces import IComuneIstanzeLayer
    from zope.interface import alsoProvides

    _decided(portal, office)
    alsoProvides(http_request, IComuneIstanzeLayer)
    with api.env.adopt_roles(["Manager"]):
        html = api.content.get_view(view, portal, http_request)()
    assert "Solo rapporto" in html and "Nessuna istanza ha superato" in html

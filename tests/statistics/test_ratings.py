"""Ratings on real applications; counters follow submissions and ratings; rebuild matches."""

from comune.istanze.documents.attachments import add_attachment
from comune.istanze.ratings import rating
from comune.istanze.statistics import counters
from comune.istanze.workflow import submission
from comune.istanze.workflow.errors import ApplicationError
from datetime import datetime
from datetime import timedelta
from plone import api
from tests.fixtures import login
from plone.app.testing import logout
from tests.fixtures import make_citizen
from tests.fixtures import make_type

import pytest


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def submitted_app(portal, type_obj, citizen):
    login(portal, citizen.getId())
    app = submission.create_draft(type_obj)
    app.componenti, app.isee, app.indirizzo = 3, 9000.0, "Via Roma 1"
    add_attachment(app, "Contratto di locazione", PDF, "contratto.pdf", app.applicant_id)
    submission.submit(app)
    return app


def counter(year, code, metric):
    return counters.get_store().counters[(year, code, metric)]()


def test_publishing_precreates_the_window_years(portal, app_type):
    store = counters.get_store()
    for year in range(app_type.opening.year, app_type.closing.year + 1):
        assert all((year, "CONTAFF", m) in store.counters for m in counters.METRICS)
    assert store.titles["CONTAFF"] == "Contributo affitto"


def test_rate_and_change(portal, app_type, as_citizen):
    app = submitted_app(portal, app_type, as_citizen)
    year = app.submitted.year
    assert counter(year, "CONTAFF", "submitted") == 1 and counter(year, "CONTAFF", "spid") == 1
    rating.rate(app, "4", "Veloce")
    assert (counter(year, "CONTAFF", "ratings"), counter(year, "CONTAFF", "rating_sum")) == (1, 4)
    rating.rate(app, 2, "")
    assert (counter(year, "CONTAFF", "ratings"), counter(year, "CONTAFF", "rating_sum")) == (1, 2)
    assert api.content.find(application_rating=2)[0].application_rating == 2
    later = app.rating_date + timedelta(days=31)
    with pytest.raises(ApplicationError) as exc:
        rating.rate(app, 5, now=later)
    assert "non è più modificabile" in api.portal.translate(exc.value.message)
    assert app.rating == 2 and counter(year, "CONTAFF", "rating_sum") == 2


@pytest.mark.parametrize("score", [0, 6, "", "ottimo", None])
def test_bad_score_stores_nothing(portal, app_type, as_citizen, score):
    app = submitted_app(portal, app_type, as_citizen)
    with pytest.raises(ApplicationError) as exc:
        rating.rate(app, score)
    assert exc.value.message == "Scegli un punteggio da 1 a 5."
    assert rating.rating_of(app) is None
    assert counter(app.submitted.year, "CONTAFF", "ratings") == 0


def test_only_the_applicant_after_submission_with_survey(portal, app_type, as_citizen):
    draft = submission.create_draft(app_type)
    with pytest.raises(ApplicationError, match="dopo aver inviato"):
        rating.rate(draft, 5)
    app = submitted_app(portal, app_type, as_citizen)
    other = make_citizen("Anna", "Bianchi")
    login(portal, other.getId())
    with pytest.raises(ApplicationError, match="Solo chi ha presentato"):
        rating.rate(app, 5)
    no_survey = make_type(portal, code="NOSURV", title="Senza questionario", survey_enabled=False)
    app2 = submitted_app(portal, no_survey, as_citizen)
    with pytest.raises(ApplicationError, match="non è previsto il questionario"):
        rating.rate(app2, 5)
    assert app2.restrictedTraverse("@@valuta-servizio")() == ""


def test_snippet_and_post(portal, app_type, as_citizen):
    app = submitted_app(portal, app_type, as_citizen)
    html = app.restrictedTraverse("@@valuta-servizio")()
    assert "Valuta il servizio" in html and 'name="punteggio"' in html and "_authenticator" in html
    request = app.REQUEST
    request.method = "POST"
    request.form.update({"punteggio": "5", "commento": "Grazie",
                         "_authenticator": app.restrictedTraverse("@@authenticator").token(),
                         "came_from": portal.absolute_url() + "/area-personale"})
    app.restrictedTraverse("@@valuta-servizio")()
    request.method = "GET"
    assert rating.rating_of(app)["score"] == 5 and rating.rating_of(app)["comment"] == "Grazie"
    assert request.response.getHeader("Location").endswith("/area-personale")
    html = app.restrictedTraverse("@@valuta-servizio")()
    assert "La tua valutazione:" in html and "Puoi modificarla fino al" in html
    logout()
    with api.env.adopt_roles(["Manager"]):  # staff see the application, not the form
        assert app.restrictedTraverse("@@valuta-servizio")() == ""


def test_rebuild_matches_counters(portal, app_type):
    t2 = make_type(portal, code="MENSA", title="Mensa scolastica")
    people = [make_citizen("Mario", "Rossi", auth_method="spid"),
              make_citizen("Lucia", "Neri", auth_method="cie", loa="SpidL3"),
              make_citizen("Paolo", "Gialli", auth_method="cns"),
              make_citizen("Sara", "Blu", auth_method="spid", loa="SpidL3")]  # password accounts cannot apply
    apps = []
    for i, person in enumerate(people * 2):
        apps.append(submitted_app(portal, app_type if i % 2 else t2, person))
        if i % 3 == 0:
            rating.rate(apps[-1], 1 + i % 5)
    login(portal, people[0].getId())
    rating.rate(apps[0], 3)  # change
    login(portal, people[0].getId())
    submission.create_draft(app_type)  # drafts never count
    store = counters.get_store()
    live = {k: c() for k, c in store.counters.items() if c()}
    assert live == counters.compute_from_catalog()
    year = datetime.now().year
    assert counter(year, "MENSA", "submitted") + counter(year, "CONTAFF", "submitted") == 8
    assert sum(counter(year, c, "cie") for c in ("MENSA", "CONTAFF")) == 2
    # the workflow forbids deleting submitted applications; a purge after the
    # retention period removes them by product code: the counters follow
    apps[0].application_type()._delObject(apps[0].getId())
    assert {k: c() for k, c in store.counters.items() if c()} == counters.compute_from_catalog()
    assert counter(year, "MENSA", "submitted") == 3
    # corrupt the counters: the rebuild restores them from the catalog
    store.counters[(year, "MENSA", "submitted")].set(999)
    store.change(1999, "OLD", "submitted", 5)
    assert counters.rebuild(portal) == 7
    assert {k: c() for k, c in store.counters.items() if c()} == counters.compute_from_catalog()
    assert counter(1999, "OLD", "submitted") == 0


def test_rebuild_view_for_managers(portal, app_type, as_citizen):
    submitted_app(portal, app_type, as_citizen)
    counters.get_store().counters[(datetime.now().year, "CONTAFF", "submitted")].set(0)
    logout()
    with api.env.adopt_roles(["Manager"]):
        request = portal.REQUEST
        request.method = "POST"
        request.form["_authenticator"] = portal.restrictedTraverse("@@authenticator").token()
        html = portal.restrictedTraverse("@@ricalcola-statistiche")()
        request.method = "GET"
    assert "Contatori ricalcolati dal catalogo: 1 istanze presentate." in html
    assert counter(datetime.now().year, "CONTAFF", "submitted") == 1

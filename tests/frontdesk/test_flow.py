"""An operator files for a citizen: roles, signature, channel, statistics, receipt."""

from comune.istanze.documents.receipt import receipt_pdf
from comune.istanze.frontdesk import signature
from comune.istanze.frontdesk.drafts import channel_note
from comune.istanze.personal_area.data import my_brains
from comune.istanze.statistics import counters
from comune.istanze.statistics.figures import year_figures
from comune.istanze.workflow import submission
from comune.istanze.workflow.errors import ApplicationError
from comune.istanze.workflow.errors import NotAllowed
from datetime import datetime
from plone import api
from tests.documents.helpers import pdf_text
from tests.documents.helpers import submitted
from tests.fixtures import login
from tests.fixtures import make_citizen
from tests.frontdesk.helpers import desk_draft
from tests.frontdesk.helpers import desk_form
from tests.frontdesk.helpers import drawn_png
from tests.frontdesk.helpers import make_operator
from tests.frontdesk.helpers import OPERATOR
from zope.i18n import translate

import pytest


@pytest.fixture
def desk(portal, app_type):
    make_operator(app_type)
    return app_type


def brain_of(app):
    catalog = api.portal.get_tool("portal_catalog")
    (brain,) = catalog.unrestrictedSearchResults(UID=app.UID())
    return brain


def test_the_draft_is_the_citizens_and_the_operator_only_fills_it(portal, desk):
    app = desk_draft(portal, desk)
    cf = desk_form()["fiscal_code"]
    assert app.applicant_id == cf and app.applicant_name == "Carla Neri"
    assert api.user.get(userid=cf) is None  # never logged in: found by CF at the first SPID login
    assert app.__ac_local_roles__ == {cf: ["Richiedente"], OPERATOR: ["CompilatoreSportello"]}
    assert app.channel == "sportello" and app.frontdesk["operator_id"] == OPERATOR
    assert app.frontdesk["document_number"] == "CA12345AB"
    assert set(app.locked_fields) == {"first_name", "last_name", "fiscal_code"}
    brain = brain_of(app)
    assert brain.channel == "sportello" and brain.frontdesk_by == OPERATOR.title()
    assert api.user.has_permission("Modify portal content", username=OPERATOR, obj=app)
    assert list(my_brains(OPERATOR)) == []  # not in the operator's personal area
    assert not api.user.has_permission("Delete objects", username=OPERATOR, obj=app)
    # The role on the type gives no view of the citizen's other applications.
    other = submitted(desk, make_citizen("Luca", "Gialli"))
    login(portal, OPERATOR)
    assert not api.user.has_permission("View", obj=other)


def test_submission_needs_the_signature_and_ends_the_operators_access(portal, desk):
    app = desk_draft(portal, desk)
    with pytest.raises(ApplicationError) as refused:
        submission.submit(app)
    assert "Manca la firma del cittadino" in translate(refused.value.message, target_language="it")
    assert api.content.get_state(app) == "draft" and app.number is None
    with pytest.raises(Exception) as empty:
        signature.store_drawing(app, drawn_png(ink=False))
    assert "vuota" in translate(empty.value.message, target_language="it")
    assert signature.signature_of(app) is None
    signature.store_drawing(app, drawn_png())
    assert signature.signature_of(app).mime == "image/png"
    submission.submit(app)
    assert api.content.get_state(app) == "submitted" and app.number
    assert OPERATOR not in app.__ac_local_roles__
    assert not api.user.has_permission("View", username=OPERATOR, obj=app)
    assert app.auth_method == "sportello"
    assert translate(channel_note(brain_of(app)), target_language="it") == (
        f"Presentata allo sportello da {OPERATOR.title()}")


def test_only_the_operator_submits_a_desk_draft(portal, desk):
    app = desk_draft(portal, desk)
    signature.store_scan(app, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "firma.pdf")
    make_operator(desk, "altro_sportello")
    login(portal, "altro_sportello")
    with pytest.raises(NotAllowed):
        submission.validate_for_submission(app)


def test_statistics_count_each_channel(portal, desk):
    submitted(desk)
    app = desk_draft(portal, desk)
    signature.store_drawing(app, drawn_png())
    submission.submit(app)
    year = datetime.now().year
    values = counters.get_store().values(year)[desk.code]
    assert (values["submitted"], values["online"], values["sportello"]) == (2, 1, 1)
    figures = year_figures(year)
    assert (figures["online"], figures["sportello"]) == (1, 1)
    before = counters.get_store().values(year)
    counters.rebuild()  # from catalog metadata only: the same figures
    assert counters.get_store().values(year) == before


def test_receipt_states_the_desk(portal, desk):
    app = desk_draft(portal, desk)
    signature.store_drawing(app, drawn_png())
    submission.submit(app)
    text, _pages = pdf_text(receipt_pdf(app))
    flat = " ".join(text.split())
    assert f"Presentata allo sportello da {OPERATOR.title()}" in flat
    assert "Carta d'identità n. CA12345AB" in flat
    assert "Firma del cittadino sul riepilogo" in flat  # the signature is among the attachments
    online = submitted(desk)
    assert "sportello" not in " ".join(pdf_text(receipt_pdf(online))[0].split())


def test_the_citizen_finds_it_at_the_first_login(portal, desk):
    app = desk_draft(portal, desk)
    signature.store_drawing(app, drawn_png())
    submission.submit(app)
    citizen = make_citizen("Carla", "Neri", fiscal_code=desk_form()["fiscal_code"])
    login(portal, citizen.getId())
    assert [b.UID for b in my_brains(citizen.getId())] == [app.UID()]
    assert api.user.has_permission("View", obj=app)


def test_one_per_person_counts_the_citizens_online_applications(portal):
    from tests.fixtures import make_type

    once = make_type(portal, code="UNA", title="Una sola", one_per_person=True)
    make_operator(once)
    citizen = make_citizen("Carla", "Neri", fiscal_code=desk_form()["fiscal_code"])
    submitted(once, citizen)
    with pytest.raises(NotAllowed) as refused:
        desk_draft(portal, once)
    assert "già un'istanza" in translate(refused.value.message, target_language="it")
    assert len(once.objectIds()) == 1


def test_open_data_and_page_count_each_channel(portal, desk):
    import csv
    import io
    import json
    from tests.statistics.helpers import make_page

    submitted(desk)
    app = desk_draft(portal, desk)
    signature.store_drawing(app, drawn_png())
    submission.submit(app)
    page = make_page(portal)
    year = str(datetime.now().year)
    request = page.REQUEST
    request.form.clear()
    request.form.update(year=year)
    (row,) = [r for r in csv.DictReader(io.StringIO(page.restrictedTraverse("@@statistiche.csv")()))
              if r["anno"] == year]
    assert (row["istanze_presentate"], row["online"], row["sportello"]) == ("2", "1", "1")
    doc = json.loads(page.restrictedTraverse("@@statistiche.json")())
    (figures,) = [y for y in doc["anni"] if str(y["anno"]) == year]
    assert (figures["online"], figures["sportello"]) == (1, 1)
    types_csv = page.restrictedTraverse("@@statistiche-tipologie.csv")()
    (per_type,) = [t for t in csv.DictReader(io.StringIO(types_csv)) if t["codice"] == desk.code]
    assert (per_type["online"], per_type["sportello"]) == ("1", "1")
    html = page.restrictedTraverse("@@view")()
    assert "di cui presentate allo sportello" in html and "per canale" in html

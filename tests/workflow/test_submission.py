"""Drafts, submission, numbering and the rules around them."""

from comune.istanze.documents.attachments import add_attachment
from comune.istanze.workflow import submission
from comune.istanze.workflow.errors import ApplicationError
from comune.istanze.workflow.errors import LevelTooLow
from comune.istanze.workflow.errors import WindowClosed
from datetime import datetime
from datetime import timedelta
from plone import api
from tests.fixtures import login
from tests.fixtures import make_citizen
from tests.fixtures import make_type

import pytest
import re


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def fill(app):
    app.componenti, app.isee, app.indirizzo = 3, 9000.0, "Via Roma 1"
    add_attachment(app, "Contratto di locazione", PDF, "contratto.pdf", app.applicant_id)


def test_draft_then_submit_assigns_number(portal, app_type, as_citizen):
    app = submission.create_draft(app_type)
    assert api.content.get_state(app) == "draft"
    assert app.applicant_id == as_citizen.getId()
    assert app.form_version == 1
    fill(app)
    submission.submit(app)
    assert api.content.get_state(app) == "submitted"
    year = datetime.now().year
    assert app.number == f"{year}-CONTAFF-000001"
    assert app.auth_method == "spid" and app.loa == "SpidL2"
    second = submission.create_draft(app_type)
    fill(second)
    submission.submit(second)
    assert second.number == f"{year}-CONTAFF-000002"
    brains = api.content.find(application_number=second.number)
    assert [b.applicant_id for b in brains] == [as_citizen.getId()]


def test_incomplete_draft_is_refused(portal, app_type, as_citizen):
    app = submission.create_draft(app_type)
    with pytest.raises(ApplicationError) as exc:
        submission.submit(app)
    assert "Campo obbligatorio" in str(exc.value.message)
    assert api.content.get_state(app) == "draft" and app.number is None


def test_missing_attachment_is_refused(portal, app_type, as_citizen):
    app = submission.create_draft(app_type)
    app.componenti, app.isee, app.indirizzo = 3, 9000.0, "Via Roma 1"
    with pytest.raises(ApplicationError) as exc:
        submission.submit(app)
    assert "Contratto di locazione" in exc.value.message.mapping["name"]


def test_window_closed(portal, as_citizen):
    past = datetime.now() - timedelta(days=10)
    with api.env.adopt_roles(["Manager"]):
        t = make_type(portal, code="CHIUSO", title="Bando chiuso",
                      opening=past - timedelta(days=5), closing=past)
    with pytest.raises(WindowClosed):
        submission.create_draft(t)


def test_level_of_assurance(portal, app_type):
    user = make_citizen("Luca", "Verdi", loa="SpidL1")
    login(portal, user.getId())
    with pytest.raises(LevelTooLow) as exc:
        submission.create_draft(app_type)
    assert exc.value.message.mapping["level"] == "SpidL2"


def test_one_per_person(portal, as_citizen):
    t = make_type(portal, code="UNICA", title="Una sola", one_per_person=True)
    submission.create_draft(t)
    with pytest.raises(ApplicationError):
        submission.create_draft(t)


def test_other_citizen_cannot_submit(portal, app_type, as_citizen):
    app = submission.create_draft(app_type)
    fill(app)
    other = make_citizen("Giulia", "Bianchi", female=True)
    login(portal, other.getId())
    with pytest.raises(Exception):
        submission.submit(app)
    assert api.content.get_state(app) == "draft"


def test_draft_is_private(portal, app_type, as_citizen):
    app = submission.create_draft(app_type)
    other = make_citizen("Giulia", "Bianchi", female=True)
    login(portal, other.getId())
    assert not api.user.has_permission("View", obj=app)
    assert len(api.content.find(portal_type=app.portal_type)) == 0


def test_number_format(portal, app_type, as_citizen):
    app = submission.create_draft(app_type)
    fill(app)
    submission.submit(app)
    assert re.fullmatch(r"\d{4}-CONTAFF-\d{6}", app.number)


def test_old_applications_render_with_their_version(portal, app_type, as_citizen):
    from comune.istanze.forms.rendering import render_answers
    from zope.event import notify
    from zope.lifecycleevent import ObjectModifiedEvent

    app = submission.create_draft(app_type)
    fill(app)
    submission.submit(app)
    # The editor relabels "isee" and turns "indirizzo" into a choice.
    xml = app_type.form_model.replace("Valore ISEE", "ISEE ordinario 2026")
    xml = xml.replace(
        '<field name="indirizzo" type="zope.schema.TextLine">\n        <title>Indirizzo dell\'alloggio</title>',
        '<field name="indirizzo" type="zope.schema.Choice">\n        <title>Zona</title>'
        "<values><element>Centro</element><element>Periferia</element></values>",
    )
    with api.env.adopt_roles(["Manager"]):
        app_type.form_model = xml
        notify(ObjectModifiedEvent(app_type))
    assert app_type.current_form_version == 2
    rows = {r.name: r for s in render_answers(app) for r in s.rows}
    assert rows["isee"].title == "Valore ISEE"
    assert rows["isee"].text == "9.000,00"
    assert rows["indirizzo"].title == "Indirizzo dell'alloggio"
    assert rows["indirizzo"].text == "Via Roma 1"
    new = submission.create_draft(app_type)
    assert new.form_version == 2
    new_rows = {r.name: r for s in render_answers(new) for r in s.rows}
    assert new_rows["indirizzo"].title == "Zona"

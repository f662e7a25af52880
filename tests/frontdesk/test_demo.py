"""The demo's operator and its front-desk application."""

from comune.istanze.demo import content
from comune.istanze.demo.frontdesk import create_demo_frontdesk
from comune.istanze.demo.frontdesk import OPERATOR
from comune.istanze.personal_area.data import my_brains
from comune.istanze.backoffice.audit import entries
from plone import api
from tests.fixtures import login


def test_demo_operator_files_one_application_for_luca(portal):
    with api.env.adopt_roles(["Manager"]):
        content.create_staff(portal)
        content.create_citizens(portal)
        content.create_types(portal)
    app = create_demo_frontdesk(portal)
    assert api.content.get_state(app) == "submitted" and app.number
    assert app.channel == "sportello" and app.frontdesk["operator_name"] == OPERATOR[1]
    assert app.applicant_name == "Luca Verdi"
    login(portal, app.applicant_id)  # Luca, as after his SPID login
    assert [b.UID for b in my_brains(app.applicant_id)] == [app.UID()]
    assert "Sportello" in api.user.get_roles(username=OPERATOR[0], obj=portal)
    log = [e["detail"] for e in entries(app.application_type()) if e["action"] == "role_granted"]
    assert "Sportello (tutto il sito): sportello" in log
    assert create_demo_frontdesk(portal) is None  # kept, not made twice

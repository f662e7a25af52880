"""Back-office fixtures: submitted applications and staff users."""

from comune.istanze.documents.attachments import add_attachment
from comune.istanze.workflow import submission
from plone import api
from plone.app.testing import login
from tests.fixtures import make_citizen
from tests.fixtures import make_type

import pytest


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def submit_as(portal, type_obj, user, isee=9000.0, componenti=3):
    login(portal, user.getId())
    app = submission.create_draft(type_obj)
    app.componenti, app.isee, app.indirizzo = componenti, isee, "Via Roma 1"
    add_attachment(app, "Contratto di locazione", PDF, "c.pdf", user.getId())
    submission.submit(app)
    return app


def make_staff(user_id, obj, role):
    with api.env.adopt_roles(["Manager"]):
        user = api.user.create(username=user_id, email=f"{user_id}@comune.example",
                               password="staff-Password-1", properties={"fullname": user_id.title()})
        api.user.grant_roles(username=user_id, obj=obj, roles=[role])
    return user


@pytest.fixture
def office(portal):
    """Two types, each with its own staff, and applications from two citizens."""
    casa = make_type(portal, code="CASA", title="Contributo affitto")
    mensa = make_type(portal, code="MENSA", title="Mensa")
    mario = make_citizen("Mario", "Rossi")
    giulia = make_citizen("Giulia", "Bianchi", female=True)
    apps = [submit_as(portal, casa, mario, isee=float(1000 * i)) for i in range(1, 4)]
    apps.append(submit_as(portal, casa, giulia, isee=500.0))
    apps.append(submit_as(portal, mensa, giulia))
    make_staff("istruttore", casa, "Istruttore")
    make_staff("mensa_staff", mensa, "Istruttore")
    return {"casa": casa, "mensa": mensa, "mario": mario, "giulia": giulia, "apps": apps}

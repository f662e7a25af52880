"""A committed world for HTTP tests: citizen A's application with a message,
documents and an attachment; citizen B; staff of A's type and of another type."""

from comune.istanze.backoffice import actions
from comune.istanze.documents.attachments import attachments_of
from comune.istanze.documents.receipt import store_receipt
from comune.istanze.documents.store import documents_of
from datetime import datetime
from datetime import timedelta
from tests.fixtures import login
from tests.fixtures import CITIZEN_PASSWORD
from tests.fixtures import http_session
from tests.fixtures import make_citizen
from tests.fixtures import make_staff
from tests.fixtures import make_type
from tests.fixtures import submit_as
from types import SimpleNamespace

import transaction


STAFF_PASSWORD = "staff-Password-1"
SECRET_ADDRESS = "Vicolo Riservato 77"
SECRET_REQUEST = "Allegare la dichiarazione riservata XQZW"


def build_world(functional, portal):
    casa = make_type(portal, code="CASA", title="Contributo affitto")
    mensa = make_type(portal, code="MENSA", title="Mensa scolastica")
    a = make_citizen("Mario", "Rossi")
    b = make_citizen("Giulia", "Bianchi", female=True)
    app = submit_as(portal, casa, a, isee=12345.0)
    app.indirizzo = SECRET_ADDRESS
    app.reindexObject()
    store_receipt(app)
    b_app = submit_as(portal, mensa, b)
    make_staff("istruttore_casa", casa, "Istruttore")
    make_staff("staff_mensa", mensa, "Istruttore")
    login(portal, "istruttore_casa")
    msg = actions.request_integration(app, SECRET_REQUEST, datetime.now() + timedelta(days=10))
    transaction.commit()
    base = f"http://{functional['host']}:{functional['port']}/{portal.getId()}"
    return SimpleNamespace(
        portal=portal, base=base, casa=casa, mensa=mensa, a=a.getId(), b=b.getId(),
        app=app, app_url=f"{base}/{casa.getId()}/{app.getId()}", b_app=b_app,
        msg_id=msg.id, doc_ids=[d.id for d in documents_of(app)],
        att_ids=[x.id for x in attachments_of(app)],
        secrets=[app.number, a.getId(), "Mario Rossi", "Rossi Mario", SECRET_ADDRESS,
                 SECRET_REQUEST, "12345", a.getId().lower()],
    )


def session(user=None, password=CITIZEN_PASSWORD):
    """Citizens with their SPID session cookie, staff with basic auth."""
    return http_session(user, password)


def json_session(user=None, password=CITIZEN_PASSWORD):
    s = session(user, password)
    s.headers["Accept"] = "application/json"
    return s

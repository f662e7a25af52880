"""Two channels' jobs report on the same message at once: no ZODB write conflict."""

from comune.istanze.channels import dispatch
from comune.istanze.channels.interfaces import IMessageChannels
from comune.istanze.messages.store import add_message
from comune.istanze.messages.store import delivery_update
from tests.fixtures import install_mailhost
from tests.fixtures import make_citizen
from tests.fixtures import make_type
from tests.fixtures import submit_as

import transaction


def open_app(db, path):
    manager = transaction.TransactionManager()
    connection = db.open(manager)
    return manager, connection.root()["Application"].unrestrictedTraverse(path)


def test_email_and_app_io_jobs_write_different_objects(functional, functional_portal):
    portal = functional_portal
    install_mailhost(portal)
    casa = make_type(portal, code="CASA", title="Contributo affitto")
    IMessageChannels(casa).channels_communication = ["email", "appio"]
    app = submit_as(portal, casa, make_citizen("Mario", "Rossi"))
    msg, _created = add_message(app, "communication", "Avviso", "Testo", "istruttore")
    dispatch(app, msg)  # App IO not configured here: recorded, so both records exist
    transaction.commit()
    path = "/".join(app.getPhysicalPath())
    db = portal._p_jar.db()
    (tm1, app1), (tm2, app2) = open_app(db, path), open_app(db, path)
    delivery_update(app1, msg.id, "email", "sent")
    delivery_update(app2, msg.id, "appio", "delivered")
    tm1.commit()
    tm2.commit()  # would raise ConflictError if both wrote the same object
    transaction.begin()
    assert msg.deliveries["email"]["status"] == "sent"
    assert msg.deliveries["appio"]["status"] == "delivered"

"""Through the real outbox worker: a decision reaches App IO once; the personal area says so."""

from comune.istanze.backoffice import actions
from comune.istanze.channels.interfaces import IMessageChannels
from comune.istanze.messages.store import messages_of
from comune.istanze.outbox import queue
from comune.istanze.outbox.worker import process
from tests.appio.conftest import configure
from tests.fixtures import login
from tests.fixtures import make_citizen
from tests.fixtures import make_staff
from tests.fixtures import make_type
from tests.fixtures import submit_as
from tests.personal_area.world import json_session

import transaction


def test_a_decision_reaches_app_io_once_and_the_area_says_delivered(functional, functional_portal,
                                                                     io):
    portal = functional_portal
    configure(io)
    casa = make_type(portal, code="CASA", title="Contributo affitto")
    IMessageChannels(casa).channels_decision = ["appio"]
    citizen = make_citizen("Mario", "Rossi")
    app = submit_as(portal, casa, citizen)
    make_staff("responsabile", casa, "Responsabile")
    login(portal, "responsabile")
    actions.decide(app, "accept", "Requisiti verificati: contributo concesso.")
    [msg] = [m for m in messages_of(app) if m.kind == "decision"]
    job = queue.get_job(portal, msg.deliveries["appio"]["job"])
    transaction.commit()

    io.mode("fail", times=1)
    assert process(portal, job.id) == queue.PENDING  # retried later, nothing sent
    assert io.inbox() == [] and "500" in queue.get_job(portal, job.id).last_error
    io.hold()  # sent, but App IO is still processing it: the job comes back for the status
    queue.retry(portal, queue.get_job(portal, job.id))  # due now
    transaction.commit()
    assert process(portal, job.id) == queue.PENDING
    assert len(io.inbox()) == 1 and "in elaborazione" in queue.get_job(portal, job.id).last_error
    io.hold(False)
    queue.retry(portal, queue.get_job(portal, job.id))
    transaction.commit()
    assert process(portal, job.id) == queue.DONE  # the status only: never sent twice
    [received] = io.inbox(citizen.getId())
    assert received["content"]["subject"] == f"Istanza {app.number} accolta"
    assert "contributo concesso" in received["content"]["markdown"]

    base = f"http://{functional['host']}:{functional['port']}/{portal.getId()}"
    items = json_session(citizen.getId()).get(f"{base}/@messaggi", timeout=60).json()["items"]
    [item] = [i for i in items if i["kind"] == "decision"]
    assert [(d["channel"], d["status_title"]) for d in item["deliveries"]] == [
        ("appio", "consegnato")]

"""A whole journey produces the catalogue's events, in order, each once."""

from comune.istanze.backoffice import actions
from comune.istanze.integrations.pagopa.events import PaymentPaidEvent
from comune.istanze.integrations.pagopa.storage import add_payment
from comune.istanze.integrations.pagopa.storage import mark_paid
from comune.istanze.personal_area.integration import send_integration
from comune.istanze.webhooks import log as wlog
from comune.istanze.webhooks.events import event_id
from comune.istanze.workflow.events import ApplicationSubmittedEvent
from comune.istanze.workflow.withdrawal import withdraw
from datetime import date
from datetime import datetime
from datetime import timedelta
from tests.documents.helpers import submitted
from tests.fixtures import login
from tests.fixtures import make_citizen
from tests.fixtures import make_staff
from tests.fixtures import PDF
from tests.webhooks.conftest import drain
from zope.event import notify

import transaction


JOURNEY = ["submitted", "registered", "integration_requested", "integration_sent",
           "decided", "paid"]
IBAN = "IT60X0542811101000000123456"


def journey(portal, type_obj):
    citizen = make_citizen("Giulia", "Bianchi", female=True)
    make_staff("istruttore", type_obj, "Istruttore")
    make_staff("responsabile", type_obj, "Responsabile")
    app = submitted(type_obj, citizen)
    transaction.commit()
    drain(portal)  # receipt, protocol registration, deliveries
    login(portal, "istruttore")
    actions.request_integration(app, "Manca la ricevuta di marzo",
                                datetime.now() + timedelta(days=10))
    transaction.commit()
    login(portal, citizen.getId())
    send_integration(app, "Ecco la ricevuta", [("ricevuta.pdf", PDF)])
    transaction.commit()
    login(portal, "responsabile")
    actions.decide(app, "accept", "Requisiti presenti")
    transaction.commit()
    payment = add_payment(app, 1600, "Imposta di bollo", date(2026, 12, 31),
                          [{"amount": 1600, "remittance": "Bollo", "category": "9/0101108TS/",
                            "iban": IBAN}])
    mark_paid(app, payment, datetime.now())
    transaction.commit()
    drain(portal)
    return app, citizen, payment


def test_journey_events_in_order(protocol_site, hooked_type, receiver):
    app, citizen, payment = journey(protocol_site, hooked_type)
    assert receiver.types_of(app.UID()) == JOURNEY
    by_type = {e["type"]: e for e in receiver.events()}
    assert by_type["it.comune.istanze.registered"]["data"]["protocol_number"] == app.protocol_number
    assert by_type["it.comune.istanze.decided"]["data"]["outcome"] == "accepted"
    assert by_type["it.comune.istanze.decided"]["data"]["state"] == "accepted"
    assert "deadline" in by_type["it.comune.istanze.integration_requested"]["data"]
    paid = by_type["it.comune.istanze.paid"]["data"]
    assert (paid["amount_cents"], paid["payment_id"]) == (1600, payment.id)
    assert [r["seq"] for r in wlog.events_of(app)] == list(range(1, len(JOURNEY) + 1))
    assert not any(e["duplicate"] for e in receiver.events())

    other = submitted(hooked_type, citizen)
    transaction.commit()
    login(protocol_site, citizen.getId())
    withdraw(other, "Presentata per errore")
    transaction.commit()
    drain(protocol_site)
    assert receiver.types_of(other.UID()) == ["submitted", "withdrawn", "registered"]


def test_same_change_fired_again_is_one_event(protocol_site, hooked_type, receiver):
    app, citizen, payment = journey(protocol_site, hooked_type)
    before = [r["id"] for r in wlog.events_of(app)]
    notify(ApplicationSubmittedEvent(app))  # a second notification of the submission
    notify(PaymentPaidEvent(app, payment, "published"))  # the receipt read twice
    assert mark_paid(app, payment, datetime.now()) is False
    again = wlog.publish(app, "decided", _decision_change(app))
    transaction.commit()
    drain(protocol_site)
    assert [r["id"] for r in wlog.events_of(app)] == before
    assert again["id"] == before[JOURNEY.index("decided")]
    assert event_id(app.UID(), "submitted", "submitted") == before[0]
    assert receiver.types_of(app.UID(), unique=False) == JOURNEY  # nothing sent twice


def _decision_change(app):
    history = next(iter(app.workflow_history.values()))
    entry = [h for h in history if h["action"] == "accept"][-1]
    return f"accept@{entry['time'].asdatetime().isoformat()}"

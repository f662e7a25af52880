"""The demo: ``make start`` points the rent-subsidy type at the sandbox
receiver through the registry records of ``sandbox.SIMULATORS``."""

from comune.istanze.demo.content import TYPES
from comune.istanze.webhooks.endpoints import endpoints_of
from plone import api
from sandbox import SANDBOX_WEBHOOK_SECRET
from sandbox import SIMULATORS
from tests.documents.helpers import submitted
from tests.fixtures import make_citizen
from tests.fixtures import make_type
from tests.webhooks.conftest import drain

import transaction


def test_simulator_records_subscribe_the_demo_type(protocol_site, receiver):
    sim = next(s for s in SIMULATORS if s.name == "webhooks")
    assert set(sim.records(8080)["comune.istanze.webhooks.site_types"]) <= {
        t["id"] for t in TYPES}  # the demo's rent-subsidy type
    port = receiver.server.server_address[1]
    for name, value in sim.records(port - sim.port_offset).items():  # as create_site.py does
        api.portal.set_registry_record(name, value)
    demo_type = make_type(protocol_site)  # id "contributo-affitto", like the demo's
    other = make_type(protocol_site, code="MENSA", title="Mensa scolastica")
    assert demo_type.getId() == "contributo-affitto"
    assert [e.id for e in endpoints_of(demo_type)] == ["comune"] and endpoints_of(other) == []
    receiver.server.inbox.secret = SANDBOX_WEBHOOK_SECRET
    transaction.commit()
    try:
        app = submitted(demo_type)
        ignored = submitted(other, make_citizen("Luca", "Verdi"))
        transaction.commit()
        drain(protocol_site)
        assert receiver.types_of(app.UID()) == ["submitted", "registered"]
        assert receiver.types_of(ignored.UID()) == []
        assert all(e["signature_ok"] for e in receiver.events())
    finally:
        from tests.webhooks.conftest import SECRET

        receiver.server.inbox.secret = SECRET

"""The demo sends communications, integration requests and decisions by PEC too."""

from comune.istanze.channels import chosen_channels
from comune.istanze.channels.interfaces import IMessageChannels
from comune.istanze.demo.pec import PEC_SENDER
from comune.istanze.demo.pec import create_demo_pec
from plone import api
from tests.fixtures import make_type


def test_demo_types_add_pec_and_keep_their_choice(portal):
    with api.env.adopt_roles(["Manager"]):
        folder = api.content.create(container=portal, type="Folder", id="servizi-online",
                                    title="Servizi online")
        casa = make_type(folder, code="CASA")
    IMessageChannels(casa).channels_decision = ["email", "appio"]
    create_demo_pec(portal)
    create_demo_pec(portal)  # a second run changes nothing
    assert chosen_channels(casa, "decision") == ["email", "appio", "pec"]
    assert chosen_channels(casa, "communication") == ["email", "pec"]
    assert chosen_channels(casa, "integration_request") == ["email", "pec"]
    assert chosen_channels(casa, "payment_notice") == ["email"]
    assert api.portal.get_registry_record("comune.istanze.inad.pec_sender") == PEC_SENDER

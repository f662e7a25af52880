"""Demo: types still on the default send by every channel; an office's choice stays."""

from comune.istanze.channels.interfaces import IMessageChannels
from comune.istanze.demo.channels import create_demo_channels
from tests.fixtures import make_type


def test_demo_types_use_every_channel_keeping_choices(portal):
    casa = make_type(portal, code="CASA", title="Casa")
    mensa = make_type(portal, code="MENSA", title="Mensa")
    IMessageChannels(mensa).channels_decision = ["appio"]
    assert sorted(create_demo_channels(portal)) == sorted([casa.getId(), mensa.getId()])
    assert IMessageChannels(casa).channels_payment_notice[:2] == ["email", "appio"]
    assert IMessageChannels(mensa).channels_decision == ["appio"]
    assert IMessageChannels(mensa).channels_communication[:2] == ["email", "appio"]

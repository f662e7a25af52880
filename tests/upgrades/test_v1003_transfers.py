"""Upgrade 1002 -> 1003 (pagoPA transfers): frozen fee definitions get theirs."""

from comune.istanze.content.fti import freeze_form_version
from comune.istanze.fees.fields import fee_versions
from comune.istanze.fees.fields import frozen_fee
from comune.istanze.upgrades import v1003_transfers
from plone import api
from tests.fees.conftest import fee_type


def test_1002_fee_versions_get_empty_transfers_and_no_new_version(portal):
    type_obj = fee_type(portal)
    version = type_obj.current_form_version
    old = {k: v for k, v in frozen_fee(type_obj, version).items() if k != "transfers"}
    fee_versions(type_obj)[version] = old  # shaped like 1002
    assert v1003_transfers.add_fee_transfers() == 1
    assert frozen_fee(type_obj, version)["transfers"] == []
    assert {k: v for k, v in frozen_fee(type_obj, version).items() if k != "transfers"} == old
    assert freeze_form_version(type_obj) == version  # unchanged: no needless new version
    assert v1003_transfers.add_fee_transfers() == 0  # a second run changes nothing


def test_the_step_is_registered_from_1002(portal):
    setup = api.portal.get_tool("portal_setup")
    setup.setLastVersionForProfile("comune.istanze:default", "1002")
    steps = setup.listUpgrades("comune.istanze:default")
    flat = [s for group in steps for s in (group if isinstance(group, list) else [group])]
    assert any(s["title"] == "Versamenti delle tariffe pagoPA" for s in flat)
    setup.upgradeProfile("comune.istanze:default", dest="1003")
    assert setup.getLastVersionForProfile("comune.istanze:default") == ("1003",)

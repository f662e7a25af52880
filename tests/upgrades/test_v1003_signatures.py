"""Upgrade 1002 -> 1003 (signed attachments) on a site without the trust list records."""

from comune.istanze.signatures.trust import PREFIX
from comune.istanze.signatures.trust import trust_roots
from comune.istanze.upgrades.v1003_signatures import add_signature_settings
from plone.registry.interfaces import IRegistry
from zope.component import getUtility


RECORDS = (f"{PREFIX}.trust_list_pem", f"{PREFIX}.trust_list_path")


def test_upgrade_registers_the_trust_list(portal):
    registry = getUtility(IRegistry)
    registry["comune.istanze.comune_name"] = "Comune di Prova"
    for name in RECORDS:
        del registry.records[name]
    assert trust_roots() == []  # no records: nobody trusted, no error
    add_signature_settings(portal.portal_setup)
    assert [registry[name] for name in RECORDS] == ["", ""]
    assert registry["comune.istanze.comune_name"] == "Comune di Prova"
    registry[RECORDS[0]] = "-----BEGIN CERTIFICATE-----\n"
    add_signature_settings(portal.portal_setup)  # idempotent: the value stays
    assert registry[RECORDS[0]] == "-----BEGIN CERTIFICATE-----\n"


def test_step_registered_for_1002_to_1003(portal):
    setup = portal.portal_setup
    setup.setLastVersionForProfile("comune.istanze:default", "1002")
    steps = [s for group in setup.listUpgrades("comune.istanze:default")
             for s in (group if isinstance(group, list) else [group])]
    mine = [s for s in steps if s["title"] == "Firme digitali degli allegati"]
    assert [(s["ssource"], s["sdest"]) for s in mine] == [("1002", "1003")]

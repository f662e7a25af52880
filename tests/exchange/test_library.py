"""The library of ready types: each file imports on its own and exports back
to the same bytes (round trip identity for every shipped type)."""

from comune.istanze.exchange.document import export_type
from comune.istanze.exchange.library import entries
from comune.istanze.exchange.library import entry_bytes
from comune.istanze.exchange.library import import_entry
from comune.istanze.exchange.validation import ImportRefused
from comune.istanze.exchange.validation import messages
from comune.istanze.ranking.storage import ranking_of
from plone import api

import pytest


NAMES = [e.name for e in entries()]


def _folder(portal):
    with api.env.adopt_roles(["Manager"]):
        return api.content.create(container=portal, type="Folder", id="importate")


def test_library_has_the_ten_types_of_the_issue():
    assert len(NAMES) >= 10
    codes = {e.code for e in entries()}
    assert {"MENSASC", "TRASPSC", "OSPTEMP", "ACCDOC", "BANDAFF", "CUDE", "RESID", "EVENTI",
            "VERDE", "INGOMBR"} <= codes
    assert all(e.title and e.office for e in entries())


@pytest.mark.parametrize("name", NAMES)
def test_each_library_type_imports_alone_and_round_trips(portal, name):
    folder = _folder(portal)
    data = entry_bytes(name)
    obj = import_entry(name, folder, publish=True)
    assert obj.getId() == name
    assert api.content.get_state(obj) == "published"
    assert obj.published_type and obj.current_form_version == 1
    assert export_type(obj) == data  # byte-identical


def test_library_type_keeps_fees_transfers_and_ranking(portal):
    folder = _folder(portal)
    osp = import_entry("occupazione-suolo-temporanea", folder)
    assert osp.fee_when == "submission" and osp.fee_amount == "16"
    assert osp.fee_transfers[0]["percent"] == "10"
    assert [r["amount"] for r in osp.fee_rules] == ["30", "90"]
    bando = import_entry("bando-contributo-affitto", folder)
    rules = ranking_of(bando).rules
    assert rules["rules"][0]["field"] == "isee" and bando.budget == 50000.0
    assert 'istanze:validator="iban"' in bando.form_model
    assert bando.privacy_notice.raw.startswith("<p>I dati sono trattati")


def test_importing_the_same_library_type_twice_reports_the_taken_code_and_id(portal):
    folder = _folder(portal)
    import_entry("ritiro-verde", folder)
    before = set(folder.objectIds())
    with pytest.raises(ImportRefused) as refused:
        import_entry("ritiro-verde", folder)
    assert {r.key for r in refused.value.references} == {"codice-tipologia", "id"}
    assert any("«VERDE» è già usato" in m for m in messages(refused.value))
    assert set(folder.objectIds()) == before  # nothing half-created
    again = import_entry("ritiro-verde", folder, {"codice-tipologia": "VERDE2", "id": "verde-2"})
    assert again.code == "VERDE2" and again.getId() == "verde-2"

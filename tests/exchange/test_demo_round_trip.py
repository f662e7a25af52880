"""Round trip identity for the demo's own types too (the library has its own
test): each exported, imported into another folder under a new code, and
exported again gives the same bytes but for the code."""

from comune.istanze.demo import bando
from comune.istanze.demo.conditions import create_demo_conditions
from comune.istanze.demo.content import create_citizens
from comune.istanze.demo.content import create_staff
from comune.istanze.demo.content import create_types
from comune.istanze.demo.workflow import create_demo_workflow
from comune.istanze.exchange.document import export_type
from comune.istanze.exchange.importer import import_type
from comune.istanze.ranking import storage
from plone import api


def _demo_types(portal):
    with api.env.adopt_roles(["Manager"]):
        create_staff(portal)
        create_citizens(portal)
        create_types(portal)
        folder = portal["servizi-online"]
        call = bando._type(folder, id="bando-affitti-2026", title="Bando contributi affitto 2026",
                           code="BANDO", classification="7.1", form_model=bando.BANDO_XML,
                           budget=20000.0, grant_amount_field="importo_richiesto",
                           allow_partial=True)
        storage.save_rules(call, bando.RULES)
        bando._type(folder, id="ricorso-bando-affitti", title="Ricorso sulla graduatoria",
                    code="RICORSO", classification="7.1", form_model=bando.forms.ACCESSO_ATTI,
                    chain_type_code="BANDO", chain_states=["in_ranking"], processing_days=30)
    create_demo_workflow(portal)
    create_demo_conditions(portal)
    return [o for o in folder.objectValues() if o.portal_type == "ApplicationType"]


def test_every_demo_type_round_trips(portal):
    types = _demo_types(portal)
    assert len(types) >= 7
    with api.env.adopt_roles(["Manager"]):
        other = api.content.create(container=portal, type="Folder", id="altro")
    for number, type_obj in enumerate(types):
        xml = export_type(type_obj)
        new_code = f"COPIA{number}"
        copy = import_type(xml, other, {"codice-tipologia": new_code})
        code_line = b'<campo nome="code">%s</campo>'
        expected = xml.replace(code_line % type_obj.code.encode(), code_line % new_code.encode())
        assert export_type(copy) == expected, type_obj.getId()
    folder = portal["servizi-online"]
    assert b"istanze:show-when" in export_type(folder["centri-estivi"])  # T5's conditions
    assert b"In attesa dei controinteressati" in export_type(folder["accesso-atti"])  # T6's

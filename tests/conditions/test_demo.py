"""The demo's conditional type: published, its conditions read and applied."""

from comune.istanze.conditions.supermodel import stored
from comune.istanze.conditions.visibility import visibility
from comune.istanze.content.fti import version_schema
from comune.istanze.demo.conditions import create_demo_conditions
from comune.istanze.demo.content import create_staff
from plone import api


def test_demo_type_with_conditions(portal):
    with api.env.adopt_roles(["Manager"]):
        api.content.create(container=portal, type="Folder", id="servizi-online", title="Servizi")
        create_staff(portal)
    type_obj = create_demo_conditions(portal)
    assert api.content.get_state(type_obj) == "published" and type_obj.published_type
    schema, _m = version_schema(type_obj, type_obj.current_form_version)
    assert stored(schema)["fieldsets"] == {"bambini": "figli > 0"}
    assert set(stored(schema)["fields"]) == {"nome_associazione", "sostegno", "fermata"}
    shown = visibility(schema, {"tipo_richiedente": "genitore", "figli": 2, "disabilita": True,
                                "trasporto": False})
    assert shown.hidden_fields == {"nome_associazione", "fermata"}
    none = visibility(schema, {"tipo_richiedente": "genitore", "figli": 0, "disabilita": True})
    assert "bambini" in none.hidden_fieldsets and "sostegno" in none.hidden_fields  # cascade
    again = create_demo_conditions(portal)  # kept on a second run
    assert again.UID() == type_obj.UID() and len(portal["servizi-online"].objectIds()) == 1

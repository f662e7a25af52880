"""Demo: the ANPR type (ASSFAM) with its rules and its fields marked «da ANPR»;
a second run keeps what exists."""

from comune.istanze.content.fti import version_schema
from comune.istanze.demo.anpr import create_demo_anpr
from comune.istanze.demo.content import create_staff
from comune.istanze.integrations.anpr.supermodel import marks
from plone import api


def test_demo_anpr_type(portal):
    with api.env.adopt_roles(["Manager"]):
        create_staff(portal)
        folder = api.content.create(container=portal, type="Folder", id="servizi-online",
                                    title="Servizi online")
    type_obj = create_demo_anpr(folder)
    assert type_obj.code == "ASSFAM" and api.content.get_state(type_obj) == "published"
    assert type_obj.anpr_require_resident and type_obj.anpr_require_family
    schema, _model = version_schema(type_obj, type_obj.current_form_version)
    assert marks(schema)["indirizzo_residenza"] == "residenza.indirizzo"
    assert marks(schema)["cf_familiare"] == "famiglia.componente"
    assert "Istruttore" in api.user.get_roles(username="istruttore", obj=type_obj)
    assert create_demo_anpr(folder).UID() == type_obj.UID() and len(folder.objectIds()) == 1

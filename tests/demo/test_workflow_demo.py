"""The demo's type with its own workflow: an office state with one application in it."""

from comune.istanze.demo.content import create_citizens
from comune.istanze.demo.content import create_staff
from comune.istanze.demo.content import create_types
from comune.istanze.demo.workflow import create_demo_workflow
from comune.istanze.interfaces import IComuneIstanzeLayer
from comune.istanze.workflow import custom
from plone import api
from zope.interface import alsoProvides


def test_demo_type_with_an_inspection_state(portal, http_request):
    alsoProvides(http_request, IComuneIstanzeLayer)
    with api.env.adopt_roles(["Manager"]):
        create_staff(portal)
        create_citizens(portal)
        create_types(portal)
    app = create_demo_workflow(portal)
    type_obj = portal["servizi-online"]["accesso-atti"]
    assert api.content.get_state(app) == "controinteressati"
    assert custom.current_version(type_obj) == 1 and app.workflow_version == 1
    assert custom.definition_of(type_obj).state("controinteressati").shown_to_citizen == \
        "In attesa del parere di altri interessati"
    (brain,) = portal.portal_catalog.unrestrictedSearchResults(UID=app.UID())
    assert brain.citizen_state_title == "In attesa del parere di altri interessati"
    with api.env.adopt_user(username="istruttore"):
        html = api.content.get_view(name="flusso", context=type_obj, request=http_request)()
    assert 'data-state="controinteressati"' in html and "1 istanza" in html
    assert "Notifica ai controinteressati (Istruttore o Responsabile)" in html
    assert create_demo_workflow(portal) is None  # a second run adds nothing
    assert len(type_obj.objectIds()) == 1

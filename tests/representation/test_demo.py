"""The demo: «Richiesta di accesso agli atti» admits companies; one
application by the legal representative of a fake company."""

from comune.istanze.demo import content
from comune.istanze.demo.representation import COMPANY
from comune.istanze.demo.representation import create_demo_representation
from comune.istanze.representation.codes import is_numeric_code
from plone import api


def test_demo_application_by_a_legal_representative(portal):
    with api.env.adopt_roles(["Manager"]):
        content.create_staff(portal)
        content.create_citizens(portal)
        content.create_types(portal)
    type_obj = portal["servizi-online"]["accesso-atti"]
    assert "association" in type_obj.applicant_kinds
    assert is_numeric_code(COMPANY["represented_tax_id"])
    app = create_demo_representation(portal)
    assert api.content.get_state(app) == "submitted" and app.number
    assert app.applicant_name == "Luca Verdi"
    assert app.representation["kind"] == "legale_rappresentante"
    assert app.representation["subject_name"] == "Ferramenta Esempio S.r.l."
    (brain,) = api.portal.get_tool("portal_catalog").unrestrictedSearchResults(
        represented_code=COMPANY["represented_tax_id"])
    assert brain.acting_for == f"per Ferramenta Esempio S.r.l. (P.IVA {COMPANY['represented_tax_id']})"
    assert create_demo_representation(portal) is None  # a second run adds nothing

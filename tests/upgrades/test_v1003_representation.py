"""Upgrade 1002 -> 1003 (who acts for whom): catalog index and metadata column,
applications filed for someone before 1003 reindexed."""

from comune.istanze.upgrades import v1003_representation
from plone import api
from tests.fixtures import make_citizen
from tests.fixtures import make_type
from tests.fixtures import submit_as


def test_new_sites_have_the_index_and_column(portal):
    catalog = api.portal.get_tool("portal_catalog")
    assert "represented_code" in catalog.indexes() and "acting_for" in catalog.schema()
    assert v1003_representation.add_representation_catalog() == []  # a second run adds nothing


def test_a_1002_site_gets_them_and_old_applications_are_found(portal):
    type_obj = make_type(portal, applicant_kinds=["self", "association"])
    app = submit_as(portal, type_obj, make_citizen())
    # As 1002 left it: only represented_name / represented_tax_id, no index, no column.
    app.represented_name, app.represented_tax_id = "Circolo Esempio", "80012345678"
    catalog = api.portal.get_tool("portal_catalog")
    catalog.delIndex("represented_code")
    catalog.delColumn("acting_for")
    with api.env.adopt_roles(["Manager"]):
        assert v1003_representation.add_representation_catalog() == ["represented_code", "acting_for"]
    (brain,) = catalog.unrestrictedSearchResults(represented_code="80012345678")
    assert brain.acting_for == "per Circolo Esempio (P.IVA 80012345678)"

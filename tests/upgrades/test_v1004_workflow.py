"""Upgrade 1003 -> 1004 (a workflow per type): existing types get the default
definition as version 1, existing applications keep ``istanza_workflow``."""

from comune.istanze.upgrades import v1004_workflow
from comune.istanze.workflow import custom
from comune.istanze.workflow.definition import default_canonical
from plone import api
from tests.fixtures import login
from tests.fixtures import make_citizen
from tests.fixtures import make_staff
from tests.fixtures import make_type
from tests.fixtures import submit_as


def test_upgrade_gives_existing_types_the_default_as_version_1(portal):
    casa = make_type(portal, code="CASA")
    app = submit_as(portal, casa, make_citizen())
    catalog = portal.portal_catalog
    catalog.delColumn("citizen_state_title")
    with api.env.adopt_roles(["Manager"]):
        assert v1004_workflow.type_workflows() == ["citizen_state_title", "CASA"]
        assert v1004_workflow.type_workflows() == []
    assert custom.definition_xml(casa, 1) == default_canonical()
    assert custom.workflow_id_of(app) == "istanza_workflow"
    assert api.content.get_state(app) == "submitted"
    make_staff("istruttore", casa, "Istruttore")
    login(portal, "istruttore")
    api.content.transition(obj=app, transition="start_review")  # still works as before
    assert app.workflow_history["istanza_workflow"][-1]["review_state"] == "in_review"
    assert app.workflow_version is None

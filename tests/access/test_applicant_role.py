"""A citizen is an applicant, not a content owner (issue 10, point 1).

``create_draft`` leaves the citizen with the local role Richiedente only;
the workflow gives that role what the applicant needs (view, fill the
draft, withdraw, send an integration, rate) and nothing of Plone's owner
tools (Sharing, history, contents, delegation, toolbar).
"""

from comune.istanze.access import uses_site_tools
from comune.istanze.backoffice import actions
from comune.istanze.personal_area.integration import send_integration
from comune.istanze.ratings import rating
from comune.istanze.workflow import submission
from comune.istanze.workflow.withdrawal import withdraw
from datetime import datetime
from datetime import timedelta
from plone import api
from tests.fixtures import login
from tests.fixtures import make_citizen
from tests.fixtures import make_staff
from tests.fixtures import submit_as

import pytest


OWNER_TOOLS = ("Sharing page: Delegate roles", "List folder contents",
               "CMFEditions: Access previous versions", "Show Toolbar",
               "comune.istanze: Use site tools", "comune.istanze: Delegate office roles",
               "Request review", "Review portal content", "List portal members")


def test_draft_gives_richiedente_only(portal, app_type, as_citizen):
    app = submission.create_draft(app_type)
    cf = as_citizen.getId()
    assert dict(app.get_local_roles()) == {cf: ("Richiedente",)}
    assert app.creators == (cf,)
    assert app.getOwner().getId() == cf  # Zope ownership: no role comes from it
    assert "Owner" not in api.user.get_roles(obj=app)
    assert api.user.has_permission("Modify portal content", obj=app)
    assert api.user.has_permission("Delete objects", obj=app)
    for permission in OWNER_TOOLS:
        assert not api.user.has_permission(permission, obj=app), permission
        assert not api.user.has_permission(permission, obj=portal), permission
    assert not uses_site_tools(app) and not uses_site_tools(portal)


def test_applicant_can_withdraw_but_not_modify_after_submission(portal, app_type, citizen):
    app = submit_as(portal, app_type, citizen)
    assert api.user.has_permission("View", obj=app)
    assert not api.user.has_permission("Modify portal content", obj=app)
    assert not api.user.has_permission("Delete objects", obj=app)
    assert [t["id"] for t in api.portal.get_tool("portal_workflow").getTransitionsFor(app)] \
        == ["withdraw"]
    withdraw(app)  # the product's path (a bare transition is refused: tests/workflow)
    assert api.content.get_state(app) == "withdrawn"
    assert api.user.has_permission("View", obj=app)


def test_applicant_sends_the_integration(portal, app_type, citizen):
    app = submit_as(portal, app_type, citizen)
    make_staff("istruttore", app_type, "Istruttore")
    login(portal, "istruttore")
    actions.request_integration(app, "Manca la firma", datetime.now() + timedelta(days=5))
    login(portal, citizen.getId())
    send_integration(app, "Ecco il documento firmato")
    assert api.content.get_state(app) == "in_review"


def test_applicant_rates_and_nobody_else(portal, app_type, citizen):
    app = submit_as(portal, app_type, citizen)
    rating.rate(app, 5, "Veloce")
    assert rating.rating_of(app)["score"] == 5
    other = make_citizen("Giulia", "Bianchi", female=True)
    login(portal, other.getId())
    assert not api.user.has_permission("View", obj=app)
    with pytest.raises(Exception):
        rating.rate(app, 1, "")


def test_staff_use_site_tools_where_they_work(portal, app_type, citizen):
    app = submit_as(portal, app_type, citizen)
    make_staff("istruttore", app_type, "Istruttore")
    login(portal, "istruttore")
    assert uses_site_tools(app) and uses_site_tools(app_type)
    assert api.user.has_permission("Show Toolbar", obj=app)
    assert not uses_site_tools(portal)  # a local role: not at the site root


def test_toolbar_and_site_tools_go_to_the_same_staff_roles(portal):
    def roles(permission):
        return {r["name"] for r in portal.rolesOfPermission(permission) if r["selected"]}

    staff = {"Manager", "Site Administrator", "Editor", "Contributor", "Reviewer", "Reader",
             "Istruttore", "Responsabile"}
    assert roles("Show Toolbar") == roles("comune.istanze: Use site tools") == staff
    assert roles("comune.istanze: Delegate office roles") == {"Manager", "Site Administrator"}
    assert "Member" not in roles("List portal members")


def test_the_role_has_its_italian_title(portal):
    info = portal.acl_users.portal_role_manager.getRoleInfo("Richiedente")
    assert info["title"] == "Richiedente (cittadino)"

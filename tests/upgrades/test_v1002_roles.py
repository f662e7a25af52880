"""Upgrade 1001 -> 1002 (H1): applications' Owner becomes Richiedente."""

from comune.istanze.access.delegation import audit_office_roles
from comune.istanze.backoffice.audit import entries
from comune.istanze.upgrades import v1002_roles
from plone import api
from tests.fixtures import make_citizen
from tests.fixtures import make_staff
from tests.fixtures import make_type
from tests.fixtures import submit_as


def _as_in_1001(portal, app):
    """Local roles, role map and workflow as version 1001 left them."""
    app.__ac_local_roles__ = {app.applicant_id: ["Owner"], "admin": ["Owner"]}
    portal.manage_permission("Show Toolbar", ["Authenticated"], acquire=False)
    wf = portal.portal_workflow["istanza_workflow"]
    for state in wf.states.objectValues():
        for perm, roles in (state.permission_roles or {}).items():
            state.setPermission(perm, isinstance(roles, list),
                                ["Owner" if r == "Richiedente" else r for r in roles])
    wf.updateRoleMappingsFor(app)
    app.reindexObjectSecurity()


def test_owner_becomes_richiedente_and_the_site_follows(portal):
    casa = make_type(portal)
    mario = make_citizen()
    app = submit_as(portal, casa, mario)
    make_staff("istruttore", casa, "Istruttore")
    _as_in_1001(portal, app)
    with api.env.adopt_roles(["Manager"]):
        assert v1002_roles.applicant_role() == 1
    assert dict(app.get_local_roles()) == {mario.getId(): ("Richiedente",)}
    view_roles = [r["name"] for r in app.rolesOfPermission("View") if r["selected"]]
    assert "Richiedente" in view_roles and "Owner" not in view_roles
    toolbar = [r["name"] for r in portal.rolesOfPermission("Show Toolbar") if r["selected"]]
    assert "Authenticated" not in toolbar and "Istruttore" in toolbar
    # security reindexed: the catalog finds it for the applicant's user id
    catalog = portal.portal_catalog
    rid = catalog.getrid("/".join(app.getPhysicalPath()))
    allowed = catalog.getIndexDataForRID(rid)["allowedRolesAndUsers"]
    assert f"user:{mario.getId()}" in allowed and "Owner" not in allowed
    # grants made before the upgrade are known, not logged later as new
    assert audit_office_roles(casa) == []
    assert not [e for e in entries(casa) if e["action"].startswith("role_")]


def test_step_registered_for_1001_to_1002_and_idempotent(portal):
    setup = portal.portal_setup
    setup.setLastVersionForProfile("comune.istanze:default", "1001")
    steps = [s for group in setup.listUpgrades("comune.istanze:default")
             for s in (group if isinstance(group, list) else [group])]
    mine = [s for s in steps if s["title"].startswith("Il cittadino è richiedente")]
    assert [(s["ssource"], s["sdest"]) for s in mine] == [("1001", "1002")]
    casa = make_type(portal)
    app = submit_as(portal, casa, make_citizen())
    with api.env.adopt_roles(["Manager"]):
        setup.upgradeProfile("comune.istanze:default", dest="1002")
        assert v1002_roles.applicant_role() == 1  # a second run changes nothing
    assert dict(app.get_local_roles()) == {app.applicant_id: ("Richiedente",)}

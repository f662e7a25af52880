"""Upgrade 1002 -> 1003 (front desk): roles, workflow, catalog, counters."""

from comune.istanze.statistics import counters
from comune.istanze.upgrades import v1003_frontdesk
from datetime import datetime
from plone import api
from tests.documents.helpers import submitted
from tests.fixtures import login
from tests.fixtures import make_citizen
from tests.fixtures import make_type
from comune.istanze.workflow import submission


def _as_in_1002(portal, draft):
    """Catalog, role map, workflow and counters as version 1002 left them."""
    catalog = portal.portal_catalog
    catalog.delIndex("channel")
    catalog.delColumn("channel")
    catalog.delColumn("frontdesk_by")
    portal.manage_permission("comune.istanze: Front desk", [], acquire=True)
    wf = portal.portal_workflow["istanza_workflow"]
    for state in wf.states.objectValues():
        for perm, roles in (state.permission_roles or {}).items():
            state.setPermission(perm, isinstance(roles, list),
                                [r for r in roles if r != "CompilatoreSportello"])
    wf.updateRoleMappingsFor(draft)
    store = counters.get_store()
    for key in [k for k in store.counters.keys() if k[2] in counters.CHANNELS]:
        del store.counters[key]


def test_a_1002_site_gets_the_front_desk(portal):
    casa = make_type(portal)
    old = submitted(casa, make_citizen())
    login(portal, make_citizen("Anna", "Blu", female=True).getId())
    draft = submission.create_draft(casa)
    _as_in_1002(portal, draft)
    with api.env.adopt_roles(["Manager"]):
        added = v1003_frontdesk.frontdesk()
    assert added == ["channel index", "channel", "frontdesk_by"]
    catalog = portal.portal_catalog
    assert len(catalog.unrestrictedSearchResults(channel="online")) == 2  # reindexed
    (brain,) = catalog.unrestrictedSearchResults(UID=old.UID())
    assert brain.channel == "online" and brain.frontdesk_by is None
    roles = [r["name"] for r in portal.rolesOfPermission("comune.istanze: Front desk") if r["selected"]]
    assert "Sportello" in roles and "Site Administrator" in roles
    view = [r["name"] for r in draft.rolesOfPermission("View") if r["selected"]]
    assert "CompilatoreSportello" in view
    manager = portal.acl_users.portal_role_manager
    assert manager.getRoleInfo("Sportello")["title"] == "Operatore di sportello"
    year = datetime.now().year
    values = counters.get_store().values(year)
    assert values[casa.code]["online"] == values[casa.code]["submitted"] == 1
    assert counters.get_store().totals(year)["online"] == 1
    with api.env.adopt_roles(["Manager"]):
        assert v1003_frontdesk.frontdesk() == []  # a second run changes nothing
    assert counters.get_store().values(year)[casa.code]["online"] == 1


def test_step_registered_for_1002_to_1003(portal):
    setup = portal.portal_setup
    setup.setLastVersionForProfile("comune.istanze:default", "1002")
    steps = [s for group in setup.listUpgrades("comune.istanze:default")
             for s in (group if isinstance(group, list) else [group])]
    mine = [s for s in steps if s["title"].startswith("Sportello")]
    assert [(s["ssource"], s["sdest"]) for s in mine] == [("1002", "1003")]
    with api.env.adopt_roles(["Manager"]):
        setup.upgradeProfile("comune.istanze:default", dest="1003")
    assert setup.getLastVersionForProfile("comune.istanze:default") == ("1003",)

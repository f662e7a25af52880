"""Upgrade 1002 -> 1003 (retention) on a site without the index, the column
and the records: applications already closed get their retention end."""

from comune.istanze.retention import policy
from comune.istanze.upgrades.v1003_retention import add_retention
from plone import api
from plone.registry.interfaces import IRegistry
from tests.fixtures import login
from tests.fixtures import make_staff
from zope.component import getUtility


def test_upgrade_adds_the_index_and_fills_it_for_closed_files(portal, office):
    app = office["apps"][0]
    make_staff("responsabile", office["casa"], "Responsabile")
    login(portal, "responsabile")
    from comune.istanze.backoffice import actions

    actions.decide(app, "reject", "Requisiti non presenti.")
    catalog = api.portal.get_tool("portal_catalog")
    with api.env.adopt_roles(["Manager"]):
        catalog.delIndex("retention_until")
        catalog.delColumn("retention_until")
        registry = getUtility(IRegistry)
        for name in ("apply", "batch"):
            del registry.records[f"comune.istanze.retention.{name}"]
        assert add_retention(portal.portal_setup) == 1  # the one closed application
        assert registry["comune.istanze.retention.apply"] is False  # report only
        until = policy.retention_until(app)
        found = catalog.unrestrictedSearchResults(
            retention_until={"query": until, "range": "min"})
        assert [b.application_number for b in found] == [app.number]
        assert add_retention(portal.portal_setup) == 1  # idempotent

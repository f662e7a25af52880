"""Upgrade 1001 -> 1002 (fees): the payment_due catalog column."""

from comune.istanze.upgrades.v1002_fees import add_payment_due_column
from tests.fixtures import submit_as
from tests.fixtures import make_citizen
from tests.fixtures import make_type


def test_upgrade_adds_the_column_keeping_old_applications_listed(portal):
    catalog = portal.portal_catalog
    app = submit_as(portal, make_type(portal), make_citizen())
    catalog.delColumn("payment_due")
    assert "payment_due" not in catalog.schema()
    add_payment_due_column(portal.portal_setup)
    add_payment_due_column(portal.portal_setup)  # idempotent
    assert "payment_due" in catalog.schema()
    [brain] = catalog.unrestrictedSearchResults(UID=app.UID())
    assert not brain.payment_due


def test_the_step_is_registered(portal):
    steps = portal.portal_setup.listUpgrades("comune.istanze:default", show_old=True)
    flat = [s for group in steps for s in (group if isinstance(group, list) else [group])]
    assert any(s["title"] == "Pagamenti da fare nell'elenco delle istanze" for s in flat)

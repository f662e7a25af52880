"""Upgrade 1001 -> 1002 (payments view): catalog index and metadata column."""

from comune.istanze.upgrades import v1002_payments
from plone import api


def test_new_sites_have_the_index_and_column(portal):
    catalog = api.portal.get_tool("portal_catalog")
    assert "payment_states" in catalog.indexes() and "payments_summary" in catalog.schema()
    assert v1002_payments.add_payment_catalog() == []  # a second run changes nothing


def test_a_1001_site_gets_them(portal):
    catalog = api.portal.get_tool("portal_catalog")
    catalog.delIndex("payment_states")
    catalog.delColumn("payments_summary")
    assert v1002_payments.add_payment_catalog() == ["payment_states", "payments_summary"]
    assert catalog.getIndexObjects() and "payment_states" in catalog.indexes()

"""1001 -> 1002 (fees, issue 11): the ``payment_due`` catalog column.

Applications made before have no payments: the empty column is right for
them, nothing is reindexed.
"""

from plone import api


def add_payment_due_column(context=None):
    catalog = api.portal.get_tool("portal_catalog")
    if "payment_due" not in catalog.schema():
        catalog.addColumn("payment_due")

"""1001 -> 1002 (payments view): the catalog index ``payment_states`` and
the metadata column ``payments_summary`` of applications.

No application has payments before 1002, so nothing is reindexed; a second
run changes nothing.
"""

from plone import api


def add_payment_catalog(context=None):
    """Add the index and the column if missing; returns what was added."""
    catalog = api.portal.get_tool("portal_catalog")
    added = []
    if "payment_states" not in catalog.indexes():
        catalog.addIndex("payment_states", "KeywordIndex",
                         extra={"indexed_attrs": "payment_states"})
        added.append("payment_states")
    if "payments_summary" not in catalog.schema():
        catalog.addColumn("payments_summary")
        added.append("payments_summary")
    return added

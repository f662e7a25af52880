"""1002 -> 1003 (who acts for whom): the catalog index ``represented_code``
and the metadata column ``acting_for`` of applications.

Applications filed for an association or a client before 1003 carry only
``represented_name`` / ``represented_tax_id``: they are found with the
``represented_tax_id`` they already have (no catalog query can find them,
so the type containers are walked, applications reindexed for the two new
entries only). A second run adds nothing and reindexes the same few.
"""

from comune.istanze.interfaces import IApplicationType
from plone import api

import logging


logger = logging.getLogger("comune.istanze.upgrades")


def add_representation_catalog(context=None):
    """Add the index and the column if missing; returns what was added."""
    catalog = api.portal.get_tool("portal_catalog")
    added = []
    if "represented_code" not in catalog.indexes():
        catalog.addIndex("represented_code", "FieldIndex",
                         extra={"indexed_attrs": "represented_code"})
        added.append("represented_code")
    if "acting_for" not in catalog.schema():
        catalog.addColumn("acting_for")
        added.append("acting_for")
    count = 0
    for brain in catalog.unrestrictedSearchResults(object_provides=IApplicationType.__identifier__):
        type_obj = brain._unrestrictedGetObject()
        for app in type_obj.objectValues():
            if getattr(app, "represented_tax_id", None):
                app.reindexObject(idxs=["represented_code"])  # metadata (acting_for) too
                count += 1
    logger.info("Rappresentanza: %s aggiunti, %d istanze reindicizzate", added, count)
    return added

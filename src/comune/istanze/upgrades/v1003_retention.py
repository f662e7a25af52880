"""1002 -> 1003 (retention): the ``retention_until`` index and column, filled
for the applications already in a final state, and the settings (report only)."""

from comune.istanze.interfaces import IApplication
from comune.istanze.retention.interfaces import IRetentionSettings
from comune.istanze.retention.policy import FINAL_STATES
from comune.istanze.retention.purge import PREFIX
from plone import api
from plone.registry.interfaces import IRegistry
from zope.component import getUtility


def add_retention(context=None):
    getUtility(IRegistry).registerInterface(IRetentionSettings, prefix=PREFIX)
    catalog = api.portal.get_tool("portal_catalog")
    if "retention_until" not in catalog.indexes():
        catalog.addIndex("retention_until", "DateIndex")
    if "retention_until" not in catalog.schema():
        catalog.addColumn("retention_until")
    done = 0
    for brain in catalog.unrestrictedSearchResults(object_provides=IApplication.__identifier__,
                                                   review_state=list(FINAL_STATES)):
        catalog.reindexObject(brain._unrestrictedGetObject(), idxs=["retention_until"],
                              update_metadata=1)
        done += 1
    return done

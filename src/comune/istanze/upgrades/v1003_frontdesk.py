"""1002 -> 1003 (front desk): roles, permission, workflow, catalog, counters.

* rolemap (roles Sportello and CompilatoreSportello, permission
  ``comune.istanze: Front desk``) and workflow (CompilatoreSportello in the
  draft state) imported again; role titles; role mappings of the drafts
  applied again (the only state that changed).
* catalog index and metadata ``channel``, metadata ``frontdesk_by``; every
  application is reindexed for them ("online": none was filed at a desk).
* statistics: every year and type gets its "online" counter equal to its
  "submitted" one (no application was filed at a desk before 1003).

A second run changes nothing.
"""

from comune.istanze.content.fti import WORKFLOW_ID
from comune.istanze.frontdesk import title_roles
from comune.istanze.interfaces import IApplication
from comune.istanze.statistics.counters import get_store
from plone import api

import logging
import transaction


logger = logging.getLogger("comune.istanze.upgrades")
PROFILE = "profile-comune.istanze:default"


def frontdesk(context=None, batch=500):
    setup = api.portal.get_tool("portal_setup")
    for step in ("rolemap", "workflow"):
        setup.runImportStepFromProfile(PROFILE, step, run_dependencies=False)
    title_roles(api.portal.get())
    added = add_catalog()
    catalog = api.portal.get_tool("portal_catalog")
    workflow = api.portal.get_tool("portal_workflow")[WORKFLOW_ID]
    brains = catalog.unrestrictedSearchResults(object_provides=IApplication.__identifier__)
    for n, brain in enumerate(brains, 1):
        app = brain._unrestrictedGetObject()
        if brain.review_state == "draft":
            workflow.updateRoleMappingsFor(app)
            app.reindexObjectSecurity()
        if added:
            app.reindexObject(idxs=["channel"])
        if n % batch == 0:
            transaction.savepoint(optimistic=True)
    counted = count_online()
    logger.info("1003: %d applications, catalog %s, %d online counters", len(brains), added, counted)
    return added


def add_catalog():
    """Index ``channel``, columns ``channel`` and ``frontdesk_by`` if missing."""
    catalog = api.portal.get_tool("portal_catalog")
    added = []
    if "channel" not in catalog.indexes():
        catalog.addIndex("channel", "FieldIndex", extra={"indexed_attrs": "channel"})
        added.append("channel index")
    for column in ("channel", "frontdesk_by"):
        if column not in catalog.schema():
            catalog.addColumn(column)
            added.append(column)
    return added


def count_online():
    """Counters of 1002 sites: online = submitted where online is missing."""
    store = get_store()
    if store is None:
        return 0
    missing = [(year, code, counter()) for (year, code, metric), counter in store.counters.items()
               if metric == "submitted" and (year, code, "online") not in store.counters]
    for year, code, value in missing:
        store.ensure(year, code)
        store.counters[(year, code, "online")].set(value)
    return len(missing)

"""1003 -> 1004 (a workflow per type): definitions as version 1, catalog column.

* every application type without a workflow definition gets the product's
  default one as version 1 (its DCWorkflow is ``istanza_workflow`` itself);
  its applications, which have no ``workflow_version``, keep following
  ``istanza_workflow`` untouched (no object is rewritten);
* catalog metadata ``citizen_state_title`` (the citizen's title of the
  state of applications with a custom workflow; empty for the others, so
  no application needs reindexing).

A second run changes nothing.
"""

from comune.istanze.interfaces import IApplicationType
from comune.istanze.workflow.custom import apply_definition
from comune.istanze.workflow.custom import current_version
from comune.istanze.workflow.definition import default_xml
from plone import api

import logging


logger = logging.getLogger("comune.istanze.upgrades")
COLUMN = "citizen_state_title"


def type_workflows(context=None):
    catalog = api.portal.get_tool("portal_catalog")
    added = []
    if COLUMN not in catalog.schema():
        catalog.addColumn(COLUMN)
        added.append(COLUMN)
    for brain in catalog.unrestrictedSearchResults(object_provides=IApplicationType.__identifier__):
        type_obj = brain._unrestrictedGetObject()
        if not current_version(type_obj):
            apply_definition(type_obj, default_xml())
            added.append(type_obj.code)
    logger.info("1004 workflow per type: %s", ", ".join(added) or "nothing to do")
    return added

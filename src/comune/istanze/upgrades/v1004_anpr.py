"""1003 -> 1004 (ANPR): registry records ``comune.istanze.anpr.*``, the
catalog column ``anpr_status`` and the behavior ``comune.istanze.anpr_rules``
on the application type's FTI.

Existing applications were never checked with ANPR: their column stays
empty (no reindex needed); existing types get the rules switched off. A
second run adds nothing.
"""

from comune.istanze.integrations.anpr.config import PREFIX
from comune.istanze.integrations.anpr.interfaces import IANPRSettings
from plone import api
from plone.registry.interfaces import IRegistry
from zope.component import getUtility

import logging


logger = logging.getLogger("comune.istanze.upgrades")
BEHAVIOR = "comune.istanze.anpr_rules"


def add_anpr(context=None):
    """Returns the names of what was added."""
    registry = getUtility(IRegistry)
    before = set(registry.records.keys())
    registry.registerInterface(IANPRSettings, prefix=PREFIX)
    added = sorted(set(registry.records.keys()) - before)
    catalog = api.portal.get_tool("portal_catalog")
    if "anpr_status" not in catalog.schema():
        catalog.addColumn("anpr_status")
        added.append("anpr_status")
    fti = api.portal.get_tool("portal_types").get("ApplicationType")
    if fti is not None and BEHAVIOR not in fti.behaviors:
        fti.behaviors = (*fti.behaviors, BEHAVIOR)
        added.append(BEHAVIOR)
    logger.info("ANPR: %s", added)
    return added

"""1003 -> 1004 (channels): the type behavior of channel choice, App IO settings.

The FTI "ApplicationType" gets the behavior ``comune.istanze.channels`` (the
office's choice of channels per kind of message; types that never chose keep
email only, as before); the registry gets the ``comune.istanze.appio.*``
records (empty: App IO not configured). A second run changes nothing.
"""

from plone import api
from plone.registry.interfaces import IRegistry
from zope.component import getUtility

import logging


logger = logging.getLogger("comune.istanze.upgrades")
BEHAVIOR = "comune.istanze.channels"


def add_channels(context=None):
    """Returns what was added (behavior name, registry record names)."""
    from comune.istanze.integrations.appio.interfaces import IAppIOSettings
    from comune.istanze.integrations.appio.interfaces import PREFIX

    added = []
    fti = api.portal.get_tool("portal_types").getTypeInfo("ApplicationType")
    behaviors = list(fti.behaviors)
    if BEHAVIOR not in behaviors:
        fti.behaviors = tuple(behaviors + [BEHAVIOR])
        added.append(BEHAVIOR)
    registry = getUtility(IRegistry)
    before = set(registry.records.keys())
    registry.registerInterface(IAppIOSettings, prefix=PREFIX)
    added += sorted(set(registry.records.keys()) - before)
    logger.info("channels: %s", added)
    return added

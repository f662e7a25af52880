"""1003 -> 1004 (AgID protocol): the ``comune.istanze.protocol.agid.*`` records.

New sites get them from ``profiles/default/registry/protocol_agid.xml``;
existing sites get the same records here. Records already present keep
their values (a second run changes nothing). The adapter in use
(``comune.istanze.protocol.adapter``) is not changed: "soap" stays "soap".
"""

from comune.istanze.integrations.protocol.agid.interfaces import IAgidProtocolSettings
from comune.istanze.integrations.protocol.agid.interfaces import PREFIX
from plone.registry.interfaces import IRegistry
from zope.component import getUtility

import logging


logger = logging.getLogger("comune.istanze.upgrades")


def add_agid_protocol_settings(context=None):
    """Register the AgID adapter's records; returns the names added."""
    registry = getUtility(IRegistry)
    before = set(registry.records.keys())
    registry.registerInterface(IAgidProtocolSettings, prefix=PREFIX)
    added = sorted(set(registry.records.keys()) - before)
    logger.info("protocol agid: %d registry records added", len(added))
    return added

"""1002 -> 1003 (webhooks): the registry records of the webhooks' settings.

New sites get them from ``profiles/default/registry/webhooks.xml``; existing
sites get the same records here. Records already present keep their values
(a second run changes nothing). Endpoints live on the types: nothing to
migrate.
"""

from comune.istanze.webhooks.interfaces import IWebhooksSettings
from comune.istanze.webhooks.interfaces import PREFIX
from plone.registry.interfaces import IRegistry
from zope.component import getUtility

import logging


logger = logging.getLogger("comune.istanze.upgrades")


def add_webhooks_settings(context=None):
    """Register the ``comune.istanze.webhooks.*`` records; returns the names added."""
    registry = getUtility(IRegistry)
    before = set(registry.records.keys())
    registry.registerInterface(IWebhooksSettings, prefix=PREFIX)
    added = sorted(set(registry.records.keys()) - before)
    logger.info("webhooks: %d registry records added", len(added))
    return added

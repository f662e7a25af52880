"""1001 -> 1002 (pagoPA): the registry records of the pagoPA settings.

New sites get them from ``profiles/default/registry/pagopa.xml``; existing
sites get the same records here. Records already present keep their values
(a second run changes nothing).
"""

from comune.istanze.integrations.pagopa.config import PREFIX
from comune.istanze.integrations.pagopa.interfaces import IPagoPASettings
from plone.registry.interfaces import IRegistry
from zope.component import getUtility

import logging


logger = logging.getLogger("comune.istanze.upgrades")


def add_pagopa_settings(context=None):
    """Register the ``comune.istanze.pagopa.*`` records; returns the names added."""
    registry = getUtility(IRegistry)
    before = set(registry.records.keys())
    registry.registerInterface(IPagoPASettings, prefix=PREFIX)
    added = sorted(set(registry.records.keys()) - before)
    logger.info("pagoPA: %d registry records added", len(added))
    return added

"""1002 -> 1003 (pagoPA debts of the Comune): the import's registry records.

New sites get them from ``profiles/default/registry/pagopa_debts.xml``;
existing sites get the same records here. Records already present keep their
values (a second run changes nothing).
"""

from comune.istanze.integrations.pagopa.debtors import IDebtsSettings
from comune.istanze.integrations.pagopa.debtors import PREFIX
from plone.registry.interfaces import IRegistry
from zope.component import getUtility

import logging


logger = logging.getLogger("comune.istanze.upgrades")


def add_debts_settings(context=None):
    """Register the ``comune.istanze.pagopa_debts.*`` records; returns the names added."""
    registry = getUtility(IRegistry)
    before = set(registry.records.keys())
    registry.registerInterface(IDebtsSettings, prefix=PREFIX)
    added = sorted(set(registry.records.keys()) - before)
    logger.info("pagoPA debts: %d registry records added", len(added))
    return added

"""1002 -> 1003 (pagoPA transfers): fee definitions gain ``transfers``.

A fee definition (``fees.fields.definition_of``) now lists the further
transfers of the amount (``"transfers": [...]``, empty for a fee paid
entirely to the Comune's account). The definitions frozen with earlier form
versions (``_fee_versions`` of each type) lack the key: they get an empty
list, the same as what they meant. Without it the next publication of an
unchanged type would see a "changed" fee and freeze a needless new version.
Applications keep their version number; a second run changes nothing.
"""

from Acquisition import aq_base
from plone import api

import logging


logger = logging.getLogger("comune.istanze.upgrades")


def add_fee_transfers(context=None):
    """Give every frozen fee definition its ``transfers``; returns how many."""
    catalog = api.portal.get_tool("portal_catalog")
    changed = 0
    for brain in catalog.unrestrictedSearchResults(portal_type="ApplicationType"):
        type_obj = brain._unrestrictedGetObject()
        versions = getattr(aq_base(type_obj), "_fee_versions", None)
        for number in list(versions.keys()) if versions is not None else ():
            definition = versions[number]
            if "transfers" not in definition:
                versions[number] = {**definition, "transfers": []}
                changed += 1
    logger.info("pagoPA: %d frozen fee definitions given their transfers", changed)
    return changed

"""1004 -> 1005 (arrivals): every application type gets its arrivals bucket.

New applications are stored in the type's arrivals and settled after the
citizen's commit (:mod:`comune.istanze.content.arrivals`). A type published
before has none and files new applications directly, as before, until it is
published or edited again; this step gives every type its bucket at once.
Nothing else changes: applications already stored stay where they are. A
second run changes nothing.
"""

from comune.istanze.content.arrivals import arrivals_of
from comune.istanze.content.arrivals import ensure_arrivals
from comune.istanze.interfaces import IApplicationType
from plone import api

import logging


logger = logging.getLogger("comune.istanze.upgrades")


def add_arrivals(context=None):
    """Returns the paths of the types that got their arrivals."""
    catalog = api.portal.get_tool("portal_catalog")
    added = []
    for brain in catalog.unrestrictedSearchResults(object_provides=IApplicationType.__identifier__):
        type_obj = brain._unrestrictedGetObject()
        if arrivals_of(type_obj) is None:
            ensure_arrivals(type_obj)
            added.append(brain.getPath())
    logger.info("arrivals: %d application types", len(added))
    return added

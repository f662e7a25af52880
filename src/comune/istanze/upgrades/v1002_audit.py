"""1001 -> 1002 (issue 10, point 8): audit logs become append-only.

Each application type kept its audit log as a plain OOBTree (anything could
set or delete a key); it becomes an
:class:`~comune.istanze.backoffice.audit.AuditLog`, which offers only
``append`` and reading. Keys, order and entries are kept.
"""

from comune.istanze.backoffice.audit import adopt
from comune.istanze.backoffice.audit import AuditLog
from comune.istanze.interfaces import IApplicationType
from plone import api

import logging


logger = logging.getLogger("comune.istanze.upgrades")


def append_only_audit(context=None, portal=None):
    """Wrap every type's old audit log; answer how many were converted."""
    portal = portal or api.portal.get()
    catalog = portal.portal_catalog
    converted = 0
    for brain in catalog.unrestrictedSearchResults(object_provides=IApplicationType.__identifier__):
        type_obj = brain._unrestrictedGetObject()
        old = getattr(type_obj.aq_base, "_audit", None)
        if old is None or isinstance(old, AuditLog):
            continue
        type_obj._audit = adopt(old)
        converted += 1
    logger.info("Registri degli accessi resi in sola aggiunta: %s", converted)
    return converted

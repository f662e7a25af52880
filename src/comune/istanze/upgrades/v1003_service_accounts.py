"""1002 -> 1003 (issue 16 §1): service accounts.

Adds and activates the service accounts' PAS plugin in the site's
acl_users and registers the ``comune.istanze.service_accounts.*`` records
(client certificate header, trusted or not; idempotency key lifetime),
without re-importing the other records.
"""

from comune.istanze.service_accounts.interfaces import IServiceAccountSettings
from comune.istanze.service_accounts.interfaces import PREFIX
from comune.istanze.service_accounts.plugin import install
from plone import api
from plone.registry.interfaces import IRegistry
from zope.component import getUtility

import logging


logger = logging.getLogger("comune.istanze.upgrades")


def add_service_accounts(context=None, portal=None):
    getUtility(IRegistry).registerInterface(IServiceAccountSettings, prefix=PREFIX)
    added = install(portal or api.portal.get())
    logger.info("Plugin degli account di servizio %s", "aggiunto" if added else "già presente")
    return added

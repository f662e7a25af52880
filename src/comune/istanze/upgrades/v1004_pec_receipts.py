"""1003 -> 1004 (PEC receipts): the PEC mailbox records, off until configured."""

from comune.istanze.integrations.inad.config import PREFIX
from comune.istanze.integrations.inad.mailbox import IPECMailboxSettings
from plone.registry.interfaces import IRegistry
from zope.component import getUtility


def add_pec_mailbox_settings(context=None):
    getUtility(IRegistry).registerInterface(IPECMailboxSettings, prefix=PREFIX)

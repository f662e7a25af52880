"""1003 -> 1004 (PDND): the voucher client's records, off until configured."""

from comune.istanze.integrations.pdnd.config import PREFIX
from comune.istanze.integrations.pdnd.interfaces import IPDNDSettings
from plone.registry.interfaces import IRegistry
from zope.component import getUtility


def add_pdnd_settings(context=None):
    getUtility(IRegistry).registerInterface(IPDNDSettings, prefix=PREFIX)

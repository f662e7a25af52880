"""1003 -> 1004 (INAD): the digital domicile client's records, off until configured."""

from comune.istanze.integrations.inad.config import PREFIX
from comune.istanze.integrations.inad.interfaces import IINADSettings
from plone.registry.interfaces import IRegistry
from zope.component import getUtility


def add_inad_settings(context=None):
    getUtility(IRegistry).registerInterface(IINADSettings, prefix=PREFIX)

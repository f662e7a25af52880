"""1002 -> 1003 (antivirus): the scanner records, off until configured."""

from comune.istanze.integrations.antivirus.config import PREFIX
from comune.istanze.integrations.antivirus.interfaces import IAntivirusSettings
from plone.registry.interfaces import IRegistry
from zope.component import getUtility


def add_antivirus_settings(context=None):
    getUtility(IRegistry).registerInterface(IAntivirusSettings, prefix=PREFIX)

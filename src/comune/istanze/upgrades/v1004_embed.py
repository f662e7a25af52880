"""1003 -> 1004 (embedding): the ``comune.istanze.embed.*`` records, no site allowed yet."""

from comune.istanze.embed.headers import PREFIX
from comune.istanze.embed.interfaces import IEmbedSettings
from plone.registry.interfaces import IRegistry
from zope.component import getUtility


def add_embed_settings(context=None):
    getUtility(IRegistry).registerInterface(IEmbedSettings, prefix=PREFIX)

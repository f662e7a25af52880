"""Catalog: index and metadata ``channel``, metadata ``frontdesk_by``."""

from comune.istanze.frontdesk import channel_of
from comune.istanze.frontdesk.drafts import frontdesk_by as operator_name
from comune.istanze.interfaces import IApplication
from plone.indexer import indexer


@indexer(IApplication)
def channel(obj):
    return channel_of(obj)


@indexer(IApplication)
def frontdesk_by(obj):
    return operator_name(obj)

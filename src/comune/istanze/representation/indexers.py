"""Catalog entries of representation: ``acting_for`` (metadata, shown by
every listing without waking the application) and ``represented_code``
(FieldIndex: the office finds the applications filed for a company or a
client; the catalog answers citizens only about their own applications)."""

from comune.istanze.interfaces import IApplication
from comune.istanze.representation.display import acting_for as _acting_for
from comune.istanze.representation.model import representation_of
from plone.indexer import indexer


@indexer(IApplication)
def acting_for(obj):
    return _acting_for(obj)


@indexer(IApplication)
def represented_code(obj):
    rep = representation_of(obj)
    return rep["subject_code"] if rep else None

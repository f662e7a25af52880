"""A small documents store on each application: receipts, decisions, letters.

Documents live on the application itself in an OOBTree keyed by a random
id, so storing the receipt of one application never touches an object shared
with other applications. Each document keeps its kind (``receipt``,
``decision``, ...), title, blob, SHA-256, creation time and whether the
citizen may see it.
"""

from comune.istanze.persistence import stored
from BTrees.OOBTree import OOBTree
from datetime import datetime
from persistent import Persistent
from plone.namedfile.file import NamedBlobFile

import hashlib
import secrets


class Document(Persistent):
    def __init__(self, kind, title, data, filename, content_type, visible_to_citizen=True):
        self.id = secrets.token_hex(6)
        self.kind = kind
        self.title = title
        if isinstance(data, bytes):
            self.file = NamedBlobFile(data=data, contentType=content_type, filename=filename)
            self.sha256 = hashlib.sha256(data).hexdigest()
        else:  # a ReceivedFile (comune.istanze.uploads.streaming): already in its blob file
            self.file = data.stored_as(content_type, filename)
            self.sha256 = data.sha256
        self.created = datetime.now()
        self.visible_to_citizen = visible_to_citizen
        self.superseded = False

    @property
    def filename(self):
        return self.file.filename

    @property
    def content_type(self):
        return self.file.contentType

    @property
    def size(self):
        return self.file.getSize()

    def data(self):
        return self.file.data


def _store(app, create=True):
    return stored(app, "_documents", OOBTree if create else None)


def add_document(app, kind, title, data, filename, content_type="application/pdf",
                 visible_to_citizen=True, supersede=False):
    """Store a document; with ``supersede`` older ones of the same kind are
    marked superseded (kept for the record, not offered any more)."""
    store = _store(app)
    if supersede:
        for old in store.values():
            if old.kind == kind and not old.superseded:
                old.superseded = True
    doc = Document(kind, title, data, filename, content_type, visible_to_citizen)
    store[doc.id] = doc
    return doc


def documents_of(app, include_superseded=False):
    store = _store(app, create=False)
    if not store:
        return []
    docs = [d for d in store.values() if include_superseded or not d.superseded]
    return sorted(docs, key=lambda d: d.created)


def get_document(app, doc_id):
    store = _store(app, create=False)
    return store.get(doc_id) if store else None


def current_document(app, kind):
    """The latest not superseded document of ``kind`` (or None)."""
    docs = [d for d in documents_of(app) if d.kind == kind]
    return docs[-1] if docs else None

"""Attachments of an application: declared by the type, uploaded by the citizen.

They are stored on the application in a BTree keyed by a random id (no
shared structure across applications), each with its SHA-256 computed once
on upload: the receipt, the protocol registration and the conservation
package all read it from here.
"""

from BTrees.OOBTree import OOBTree
from comune.istanze.persistence import stored
from comune.istanze import _
from comune.istanze.documents.sniffing import check_upload
from comune.istanze.documents.sniffing import UploadRejected
from comune.istanze.exports.archive import printable
from comune.istanze.signatures.policy import check_signature
from datetime import datetime
from persistent import Persistent
from plone.namedfile.file import NamedBlobFile

import hashlib
import secrets


class Attachment(Persistent):
    def __init__(self, spec, file, sha256, mime, uploaded_by, kind="attachment"):
        self.id = secrets.token_hex(6)
        self.spec = spec
        self.file = file
        self.sha256 = sha256
        self.mime = mime
        self.uploaded = datetime.now()
        self.uploaded_by = uploaded_by
        self.kind = kind  # "attachment" or "integration"

    signature = None  # the signature check's outcome (signatures.policy), for signed files

    @property
    def filename(self):
        return self.file.filename

    @property
    def size(self):
        return self.file.getSize()


def _store(app):
    return stored(app, "_attachments", OOBTree)


def attachments_of(app):
    store = stored(app, "_attachments")
    return list(store.values()) if store else []


def spec_named(app, name):
    for spec in app.application_type().attachments or []:
        if spec["name"] == name:
            return spec
    raise UploadRejected(_("Allegato non previsto: ${name}", mapping={"name": name}))


def add_attachment(app, spec_name, data, filename, user_id, replace=True, kind="attachment", spec=None):
    """Check and store an upload for declared attachment ``spec_name``.

    ``data``: bytes, or a :class:`comune.istanze.uploads.streaming.ReceivedFile`
    (REST and web uploads: received in chunks, its blob is stored as is).

    Nothing is stored when the check fails. With ``replace`` an earlier
    upload for the same declared attachment is replaced.
    """
    spec = spec or spec_named(app, spec_name)
    mime = check_upload(data, spec["mime_types"], spec["max_size_mb"], spec_name,
                        filename=filename)
    filename = printable(filename).strip() or spec_name
    signature = check_signature(app, spec, data, filename, mime)
    if isinstance(data, bytes):
        blob = NamedBlobFile(data=data, contentType=mime, filename=filename)
        sha256 = hashlib.sha256(data).hexdigest()
    else:  # a ReceivedFile: already in its blob file
        blob, sha256 = data.stored_as(mime, filename), data.sha256
    att = Attachment(spec_name, blob, sha256, mime, user_id, kind)
    att.signature = signature
    store = _store(app)
    if replace:
        for key, old in list(store.items()):
            if old.spec == spec_name and old.kind == kind:
                del store[key]
    store[att.id] = att
    return att


def remove_attachment(app, att_id):
    store = _store(app)
    if att_id in store:
        del store[att_id]

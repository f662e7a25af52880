"""A client's file received into a blob file, never held whole in memory.

:func:`from_base64` (REST: the ``data`` of a JSON attachment) checks the
encoded length against the file's own limit *before* decoding, then decodes
chunk by chunk into the blob file; :func:`from_upload` (multipart forms)
measures the temporary file Zope already wrote by seeking to its end, then
copies it in chunks. Both count the bytes while writing and stop at the
limit. The result, :class:`ReceivedFile`, carries what the checks need: the
size, the SHA-256, the first bytes for content sniffing, and the blob
(a :class:`NamedBlobFile` whose type and name are set when it is stored).
Nothing is stored by these functions: a refused file is just dropped.
"""

from comune.istanze import _
from comune.istanze.documents.sniffing import UploadRejected
from comune.istanze.uploads.limits import MB
from plone.namedfile.file import NamedBlobFile

import base64
import binascii
import hashlib
import io


CHUNK = 1 << 20  # bytes read or decoded at a time
HEAD = 65536  # what content sniffing reads


class ReceivedFile:
    def __init__(self):
        self.blob = NamedBlobFile()
        self.size = 0
        self.head = b""
        self._digest = hashlib.sha256()

    @property
    def sha256(self) -> str:
        return self._digest.hexdigest()

    def __len__(self):
        return self.size

    def write_all(self, chunks, max_bytes, label):
        with self.blob.open("w") as out:
            for chunk in chunks:
                self.size += len(chunk)
                if self.size > max_bytes:
                    raise too_big(label, max_bytes)
                if len(self.head) < HEAD:
                    self.head += chunk[:HEAD - len(self.head)]
                self._digest.update(chunk)
                out.write(chunk)
        return self

    def stored_as(self, content_type, filename) -> NamedBlobFile:
        self.blob.contentType = content_type
        self.blob.filename = filename
        return self.blob


def too_big(label, max_bytes) -> UploadRejected:
    return UploadRejected(_("Il file «${name}» supera la dimensione massima di ${size} MB.",
                            mapping={"name": label, "size": max_bytes // MB}))


def decoded_size(encoded_length: int) -> int:
    """The least number of bytes ``encoded_length`` base64 characters decode to."""
    return encoded_length // 4 * 3 - 2


def _base64_chunks(text: str):
    """Decoded chunks; whitespace (line breaks of MIME base64) is allowed."""
    pending = ""
    step = CHUNK // 3 * 4
    for start in range(0, len(text), step):
        piece = pending + "".join(text[start:start + step].split())
        cut = len(piece) // 4 * 4
        pending = piece[cut:]
        if cut:
            yield base64.b64decode(piece[:cut], validate=True)
    if pending:
        raise binascii.Error("incomplete base64 data")


def from_base64(text, max_bytes, label) -> ReceivedFile:
    """Decode base64 ``text`` into a blob; refuses over ``max_bytes`` before decoding.

    Raises :class:`UploadRejected` (too big) or :class:`binascii.Error` /
    :class:`ValueError` / :class:`TypeError` (not base64).
    """
    if not isinstance(text, str):
        raise TypeError("base64 data must be text")
    if decoded_size(len(text)) > max_bytes and decoded_size(len("".join(text.split()))) > max_bytes:
        raise too_big(label, max_bytes)
    return ReceivedFile().write_all(_base64_chunks(text), max_bytes, label)


def upload_size(upload) -> int:
    """Size of a multipart upload (Zope's temporary file), by seeking: nothing is read."""
    upload.seek(0, io.SEEK_END)
    size = upload.tell()
    upload.seek(0)
    return size


def from_upload(upload, max_bytes, label) -> ReceivedFile:
    """Copy a multipart upload into a blob; refuses over ``max_bytes`` before reading."""
    if upload_size(upload) > max_bytes:
        raise too_big(label, max_bytes)
    return ReceivedFile().write_all(iter(lambda: upload.read(CHUNK), b""), max_bytes, label)


class StoredFile:
    """A file z3c.form or plone.restapi already put in a blob: its size and
    first bytes for :func:`check_upload`, without reading it all."""

    def __init__(self, named):
        self.size = named.getSize()
        if hasattr(named, "open"):
            with named.open() as fp:
                self.head = fp.read(HEAD)
        else:
            self.head = named.data[:HEAD]

    def __len__(self):
        return self.size


def check_base64_length(raw, max_bytes, label):
    """Refuse a JSON file value (``{"data": <base64>, ...}``) over ``max_bytes``
    before anything decodes it."""
    text = raw.get("data") if isinstance(raw, dict) else None
    if isinstance(text, str) and decoded_size(len(text)) > max_bytes:
        raise too_big(label, max_bytes)

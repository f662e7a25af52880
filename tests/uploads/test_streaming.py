"""Files received in chunks into a blob, their size checked before and while reading."""

from comune.istanze.documents.sniffing import UploadRejected
from comune.istanze.uploads import streaming
from comune.istanze.uploads.limits import MB

import base64
import binascii
import hashlib
import io
import os
import pytest


class Unreadable(io.BytesIO):
    """A multipart temporary file that must not be read."""

    def read(self, *args):
        raise AssertionError("read before the size check")


def test_base64_too_long_is_refused_before_decoding(integration):
    text = "!" * (2 * MB)  # not even base64: decoding it would raise another error
    with pytest.raises(UploadRejected) as exc:
        streaming.from_base64(text, MB, "contratto.pdf")
    from zope.i18n import translate

    assert translate(exc.value.message, target_language="it") == "Il file «contratto.pdf» supera la dimensione massima di 1 MB."
    assert exc.value.message.mapping == {"name": "contratto.pdf", "size": 1}


def test_chunked_decode_equals_decode(integration, monkeypatch):
    monkeypatch.setattr(streaming, "CHUNK", 3 * 1000)  # many chunks
    data = os.urandom(100_001)
    text = base64.encodebytes(data).decode()  # MIME style: line breaks every 76 characters
    received = streaming.from_base64(text, MB, "x")
    assert received.size == len(data) == len(received)
    assert received.sha256 == hashlib.sha256(data).hexdigest()
    assert received.head == data[:streaming.HEAD]
    assert received.stored_as("application/pdf", "x.pdf").data == data


def test_size_is_counted_while_decoding(integration, monkeypatch):
    monkeypatch.setattr(streaming, "decoded_size", lambda n: 0)  # a length check that lets it through
    with pytest.raises(UploadRejected):
        streaming.from_base64(base64.b64encode(b"x" * (MB + 1)).decode(), MB, "x")


@pytest.mark.parametrize("text", ["abc", "@@@@", "YWJj=YWJj"])
def test_bad_base64(integration, text):
    with pytest.raises((binascii.Error, ValueError)):
        streaming.from_base64(text, MB, "x")


def test_multipart_upload_measured_by_seeking(integration):
    big = Unreadable(b"x" * (MB + 1))
    with pytest.raises(UploadRejected):
        streaming.from_upload(big, MB, "x")
    received = streaming.from_upload(io.BytesIO(b"%PDF-1.4 small"), MB, "x")
    assert received.size == 14 and received.head == b"%PDF-1.4 small"


def test_stored_file_reads_only_the_head(integration):
    from plone.namedfile.file import NamedBlobFile

    blob = NamedBlobFile(data=b"%PDF" + b"x" * (2 * streaming.HEAD), filename="a.pdf")
    stored = streaming.StoredFile(blob)
    assert len(stored) == 4 + 2 * streaming.HEAD and stored.head == (b"%PDF" + b"x" * streaming.HEAD)[:streaming.HEAD]

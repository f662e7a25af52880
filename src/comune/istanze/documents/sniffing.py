"""Content sniffing of uploads: the bytes decide, and the file name must
agree with them (a PDF is never stored as ``contratto.exe``)."""

from comune.istanze import _
from comune.istanze.integrations.antivirus.config import scan_upload

import magic
import re


# Extension an editor writes in "Tipi ammessi" -> MIME types it admits.
EXTENSION_MIME = {
    "pdf": ("application/pdf",),
    "jpg": ("image/jpeg",),
    "jpeg": ("image/jpeg",),
    "png": ("image/png",),
    "tif": ("image/tiff",),
    "tiff": ("image/tiff",),
    "p7m": ("application/pkcs7-mime", "application/octet-stream"),
    "xml": ("text/xml", "application/xml"),
    "txt": ("text/plain",),
    "odt": ("application/vnd.oasis.opendocument.text",),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet",),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",),
    "zip": ("application/zip",),
}


# The extension of a file name: a short run of letters and digits after the last dot.
EXTENSION_RE = re.compile(r"\.([A-Za-z0-9]{1,8})$")


class UploadRejected(ValueError):
    """An upload that must not be stored; ``message`` is translatable."""

    def __init__(self, message):
        if isinstance(message, UploadRejected):  # re-raised by WorkflowTool as type(exc)(exc)
            message = message.message
        super().__init__(message)
        self.message = message


def allowed_mime_types(extensions):
    """MIME types admitted by a comma separated list of extensions."""
    result = set()
    for ext in (extensions or "").replace(";", ",").split(","):
        ext = ext.strip().lower().lstrip(".")
        result.update(EXTENSION_MIME.get(ext, ()))
    return result


def sniff(data):
    """MIME type of ``data`` from its content (libmagic)."""
    return magic.from_buffer(data[:65536], mime=True)


def check_extension(filename, mime, label):
    """Refuse a file name whose extension does not name the sniffed ``mime``
    (``contratto.exe`` holding a PDF); a name without extension is fine."""
    match = EXTENSION_RE.search((filename or "").strip())
    if match is None:
        return
    ext = match.group(1).lower()
    if mime not in EXTENSION_MIME.get(ext, ()):
        raise UploadRejected(
            _(
                "Il file «${name}» ha l'estensione «.${ext}», che non corrisponde al suo "
                "contenuto (${mime}): rinominalo con l'estensione giusta e caricalo di nuovo.",
                mapping={"name": label, "ext": ext, "mime": mime},
            )
        )


def _refuse(message):
    raise UploadRejected(message)


def check_upload(data, extensions, max_size_mb, label, filename=None):
    """Return the sniffed MIME type or raise :class:`UploadRejected`.

    ``data`` is the bytes or a :class:`comune.istanze.uploads.streaming.ReceivedFile`
    (its ``head`` is sniffed, its size was counted while it was written).
    ``filename`` (``label`` when not given) must have no extension or one
    that agrees with the content (:func:`check_extension`). When an
    antivirus is configured the whole file is scanned first.
    """
    if not len(data):
        raise UploadRejected(_("Il file «${name}» è vuoto.", mapping={"name": label}))
    limit = int(max_size_mb) * 1024 * 1024
    if len(data) > limit:
        raise UploadRejected(
            _(
                "Il file «${name}» supera la dimensione massima di ${size} MB.",
                mapping={"name": label, "size": max_size_mb},
            )
        )
    scan_upload(data, label, refuse=_refuse)  # infected: refused whatever its type
    mime = sniff(getattr(data, "head", data))
    if mime not in allowed_mime_types(extensions):
        raise UploadRejected(
            _(
                "Il file «${name}» non è di un tipo ammesso (${allowed}): "
                "il suo contenuto risulta ${mime}.",
                mapping={"name": label, "allowed": extensions, "mime": mime},
            )
        )
    check_extension(label if filename is None else filename, mime, label)
    return mime

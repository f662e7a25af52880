"""Names of the entries of a ZIP archive, whatever the client called its files.

A file name comes from the citizen's browser or JSON: ``../../x.pdf``,
``..\\..\\x.pdf``, ``/etc/passwd``, ``a\\x00b.pdf`` or 300 characters long.
Written as is into an archive it escapes the folder of whoever extracts
it (zip-slip) or breaks the extraction. :class:`ArchiveNames` turns each
path component into a plain file name:

- no path separators (``/``, ``\\``) nor ``:`` (drive letters, NTFS streams);
- no control or format characters (``\\x00``, bidi overrides that disguise
  an extension);
- no ``..`` (runs of dots become one dot), no leading dots or blanks, no
  trailing dots or blanks (Windows drops them), no reserved device names;
- at most :data:`MAX_BYTES` bytes of UTF-8, extension kept;
- unique within the archive (case-insensitively): a second ``a.pdf``
  becomes ``a (2).pdf``.
"""

import re
import unicodedata


MAX_BYTES = 120
MAX_EXTENSION = 10
RESERVED = re.compile(r"(con|prn|aux|nul|com\d|lpt\d)(\..*)?", re.IGNORECASE)


def printable(name) -> str:
    """``name`` without control, format or unassigned characters (NFC).

    Used when a client file name is stored: such characters cannot go into
    XML (segnatura, conservation metadata) nor into a header.
    """
    name = unicodedata.normalize("NFC", str(name or ""))
    return "".join(" " if unicodedata.category(ch) in ("Zl", "Zp") else ch for ch in name
                   if unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co", "Cn"))


def clean_component(name, default="file") -> str:
    """One safe file name (no folder) from any string."""
    name = printable(name)
    name = re.sub(r"[/\\:]+", "_", name)
    name = re.sub(r"\.{2,}", ".", name)
    name = re.sub(r"\s+", " ", name)
    name = name.lstrip(". ").rstrip(". ")
    if RESERVED.fullmatch(name):
        name = "_" + name
    return _cap(name, MAX_BYTES) or default


def _cap(name, limit) -> str:
    if len(name.encode("utf-8")) <= limit:
        return name
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem or len(ext) > MAX_EXTENSION:
        stem, ext = name, ""
    suffix = f".{ext}" if ext else ""
    room = limit - len(suffix.encode("utf-8"))
    stem = stem.encode("utf-8")[:room].decode("utf-8", "ignore").rstrip(". ")
    return stem + suffix


class ArchiveNames:
    """Safe, unique entry names for one archive."""

    def __init__(self):
        self.taken = set()

    def entry(self, *components) -> str:
        """``a/b/c`` from cleaned components; unique within the archive."""
        parts = [clean_component(c) for c in components]
        path = "/".join(parts)
        counter = 1
        while path.lower() in self.taken:
            counter += 1
            stem, dot, ext = parts[-1].rpartition(".")
            if not dot or not stem:
                stem, ext = parts[-1], ""
            tail = f" ({counter})" + (f".{ext}" if ext else "")
            last = _cap(stem, MAX_BYTES - len(tail.encode("utf-8"))) + tail
            path = "/".join(parts[:-1] + [last])
        self.taken.add(path.lower())
        return path

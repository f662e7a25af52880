"""Archive entry names: no path, no "..", no control characters, capped, unique."""

from comune.istanze.exports.archive import ArchiveNames
from comune.istanze.exports.archive import clean_component
from comune.istanze.exports.archive import MAX_BYTES

import io
import pytest
import zipfile


EVIL = ["../../x.pdf", "..\\..\\x.pdf", "/etc/passwd", "a\x00b.pdf", "C:\\Windows\\x.pdf",
        ".htaccess", "...", "x" * 300 + ".pdf", "fattura\u202efdp.exe", "CON.pdf", " .. ", ""]


@pytest.mark.parametrize("name", EVIL)
def test_component_is_a_plain_file_name(name):
    clean = clean_component(name)
    assert clean and "/" not in clean and "\\" not in clean and ":" not in clean
    assert ".." not in clean and not clean.startswith((".", " "))
    assert all(ord(ch) >= 32 and ch != "\u202e" for ch in clean)
    assert len(clean.encode("utf-8")) <= MAX_BYTES


def test_examples():
    assert clean_component("../../x.pdf") == "_._x.pdf"
    assert clean_component("..\\..\\x.pdf") == "_._x.pdf"
    assert clean_component("/etc/passwd") == "_etc_passwd"
    assert clean_component("a\x00b.pdf") == "ab.pdf"
    assert clean_component("CON.pdf") == "_CON.pdf"
    long = clean_component("x" * 300 + ".pdf")
    assert long.endswith(".pdf") and len(long) == MAX_BYTES
    accented = clean_component("è" * 300 + ".pdf")
    assert accented.endswith(".pdf") and len(accented.encode("utf-8")) <= MAX_BYTES
    assert clean_component("Niccolò ✓ ricevuta.pdf") == "Niccolò ✓ ricevuta.pdf"


def test_unique_within_the_archive_and_extracts_inside(tmp_path):
    names = ArchiveNames()
    entries = [names.entry("2026-000001", n) for n in EVIL + ["a.pdf", "A.pdf", "a.pdf"]]
    assert len({e.lower() for e in entries}) == len(entries)
    assert entries[-3:] == ["2026-000001/a.pdf", "2026-000001/A (2).pdf", "2026-000001/a (3).pdf"]
    twice = ArchiveNames()
    assert twice.entry("d", "x" * 300 + ".pdf") != twice.entry("d", "x" * 300 + ".pdf")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for entry in entries:
            zf.writestr(entry, b"x")
    with zipfile.ZipFile(buffer) as zf:
        zf.extractall(tmp_path / "out")
    extracted = [p for p in (tmp_path / "out").rglob("*") if p.is_file()]
    assert len(extracted) == len(entries)
    assert all(p.resolve().is_relative_to((tmp_path / "out" / "2026-000001").resolve()) for p in extracted)

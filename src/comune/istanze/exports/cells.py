"""Spreadsheet cells that are safe to open (OWASP "CSV injection").

One helper for CSV and XLSX, so that a staff member who re-saves an XLSX
as CSV (or the reverse) sees the same text:

- numbers written as numbers (``int``, ``float``, ``Decimal``) stay numbers:
  a number cell is never a formula, negative amounts included;
- text whose whole content is a plain number (``-12``, ``+3,50``) is left
  as it is: spreadsheets read it as that number, nothing to execute;
- any other text starting with ``=``, ``+``, ``-``, ``@`` (also after
  leading blanks), with a tab or a carriage return, or with the
  full-width forms of ``= + - @`` is prefixed with a single quote, which
  spreadsheets show as text and never evaluate;
- characters XML 1.0 forbids (control characters but tab, newline and
  carriage return; lone surrogates; U+FFFE/U+FFFF) are removed: one such
  character in a citizen's answer made the whole XLSX export fail.
"""

from decimal import Decimal

import csv
import io
import re


ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
FORMULA_START = frozenset("=+-@\uff1d\uff0b\uff0d\uff20")
CONTROL_START = ("\t", "\r")
PLAIN_NUMBER = re.compile("[+-]?(\\d{1,3}([., \u00a0]\\d{3})*|\\d+)([.,]\\d+)?")


def strip_illegal(text: str) -> str:
    """``text`` without the characters XML 1.0 (and so XLSX) forbids."""
    return ILLEGAL_XML.sub("", text)


def is_number(value) -> bool:
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)


def safe_text(text: str) -> str:
    """``text`` cleaned and, when it could start a formula, quoted."""
    text = strip_illegal(text)
    if text.startswith(CONTROL_START):
        return "'" + text
    probe = text.lstrip()
    if probe[:1] in FORMULA_START and not PLAIN_NUMBER.fullmatch(probe):
        return "'" + text
    return text


def safe_cell(value):
    """The value to write in a cell: a number, or safe text (``None`` -> "")."""
    if value is None:
        return ""
    if is_number(value):
        return value
    return safe_text(value if isinstance(value, str) else str(value))


def safe_row(values) -> list:
    return [safe_cell(v) for v in values]


def csv_text(header, rows, delimiter=",", lineterminator="\r\n") -> str:
    """CSV of ``header`` and ``rows``, every cell through :func:`safe_cell`."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator=lineterminator)
    if header is not None:
        writer.writerow(safe_row(header))
    for row in rows:
        writer.writerow(safe_row(row))
    return out.getvalue()


def xlsx_bytes(header, rows, title="Foglio1") -> bytes:
    """XLSX workbook of one sheet; text cells are written as text, never formulas."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = safe_text(title)[:31] or "Foglio1"
    for values in ([header] if header is not None else []) + list(rows):
        sheet.append(safe_row(values))  # no text starts with "=": openpyxl makes no formula
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

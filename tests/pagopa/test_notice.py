"""The payment notice PDF/A: its QR code and Data Matrix decode to the payloads."""

from comune.istanze.integrations.pagopa import interfaces as i
from comune.istanze.integrations.pagopa.iuv import make_iuv
from comune.istanze.integrations.pagopa.iuv import notice_number
from comune.istanze.integrations.pagopa.notice import datamatrix_payload
from comune.istanze.integrations.pagopa.notice import notice_pdf
from comune.istanze.integrations.pagopa.notice import qr_payload
from datetime import datetime
from tests.documents.helpers import pdf_text

import io
import pikepdf
import pypdfium2
import pytest
import zxingcpp


CREDITOR = "01234567890"
IUV = make_iuv("47", 1234567890123)  # 47 1234567890123 89 (test_iuv.py)


def position(amount=123456):
    return i.DebtPosition(
        iupd=f"{CREDITOR}-1", fiscal_code="RSSMRA80A01H501U", full_name="Niccolò Rossi",
        company_name="Comune di Esempio",
        payment_options=[i.PaymentOption(
            iuv=IUV, amount=amount, description="Diritti di segreteria — copia conforme",
            due_date=datetime(2026, 12, 31, 23, 59), nav=notice_number(IUV))])


def codes(pdf_bytes):
    """Barcodes found on the first page rendered at 216 dpi: {format name: text}."""
    page = pypdfium2.PdfDocument(pdf_bytes)[0]
    image = page.render(scale=3).to_pil()
    return {str(found.format): found.text for found in zxingcpp.read_barcodes(image)}


def test_notice_is_pdfa_and_its_qr_code_decodes_to_the_pagopa_payload():
    data = notice_pdf(position(), CREDITOR)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert pdf.open_metadata().pdfa_status == "3B"
    found = codes(data)
    assert found == {"QR Code": "PAGOPA|002|347123456789012389|01234567890|123456"}
    text, pages = pdf_text(data)
    assert pages == 1
    for expected in ("3471 2345 6789 0123 89", "1.234,56 €", "31/12/2026", "Niccolò Rossi",
                     "RSSMRA80A01H501U", "Comune di Esempio", CREDITOR):
        assert expected in text


def test_postal_part_has_the_poste_data_matrix():
    data = notice_pdf(position(1600), CREDITOR, postal_account="1234567",
                      postal_authorization="AUT/CN/2026/0001")
    found = codes(data)
    assert found["QR Code"] == "PAGOPA|002|347123456789012389|01234567890|1600"
    matrix = found["Data Matrix"]
    assert matrix == datamatrix_payload("347123456789012389", "1234567", 1600, CREDITOR,
                                        "RSSMRA80A01H501U", "Niccolò Rossi",
                                        "Diritti di segreteria — copia conforme")
    # where App IO and Poste read the fields
    assert len(matrix) == 256 and matrix.startswith("codfase=NBPA;18") and matrix[-1] == "A"
    assert matrix[15:33] == "347123456789012389"
    assert matrix[33:47] == "12000001234567"  # "12" + the account on 12 digits
    assert matrix[47:59] == "100000001600"  # "10" + the amount in cents on 10 digits
    assert matrix[59:66] == "38961P1"
    assert matrix[66:77] == CREDITOR and matrix[77:93] == "RSSMRA80A01H501U"
    assert matrix[93:133] == "NICCOLO ROSSI".ljust(40)  # ASCII, upper case
    assert matrix[133:243].startswith("DIRITTI DI SEGRETERIA  COPIA CONFORME")
    assert "AUT/CN/2026/0001" in pdf_text(data)[0]


@pytest.mark.parametrize("args", [
    ("347123456789012388", CREDITOR, 100),  # wrong check digits
    ("347123456789012389", "1234", 100),  # creditor fiscal code of 11 digits
])
def test_qr_payload_refuses_bad_data(args):
    with pytest.raises(ValueError):
        qr_payload(*args)

"""The PDF/A receipt: conformance markers, content, accents, long answers."""

from comune.istanze.documents.receipt import receipt_pdf
from comune.istanze.documents.receipt import store_receipt
from comune.istanze.documents.store import current_document
from comune.istanze.documents.store import documents_of
from comune.istanze.documents.attachments import attachments_of
from datetime import datetime
from tests.documents.helpers import pdf_text
from tests.documents.helpers import submitted
from tests.fixtures import make_citizen

import hashlib
import io
import pikepdf
import re


def test_receipt_is_pdfa_with_the_application_data(portal, app_type):
    citizen = make_citizen("Niccolò", "Forlì")
    app = submitted(app_type, citizen, indirizzo="Piazza dell'Unità d'Italia, 3 — città")
    data = receipt_pdf(app)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        meta = pdf.open_metadata()
        assert meta.pdfa_status == "3B"
        assert "Ricevuta" in str(meta.get("dc:title"))
    text, _pages = pdf_text(data)
    assert "Comune di Esempio" in text
    assert "Contributo affitto" in text
    assert app.number in text
    assert "Niccolò Forlì" in text
    assert "Piazza dell'Unità d'Italia, 3 — città" in text
    assert "Componenti del nucleo" in text and "Nucleo familiare" in text
    assert "9.000,00" in text  # Italian number format of the ISEE float
    sha = attachments_of(app)[0].sha256
    assert sha in text.replace("\n", "").replace(" ", "")
    assert "Protocollazione in corso" in text
    assert datetime.now().strftime("%d/%m/%Y") in text


def test_long_answers_span_several_pages(portal, app_type):
    long_text = " ".join(["Perché è così lungo? Città, perciò già più dì."] * 250)
    app = submitted(app_type, indirizzo=long_text)
    data = receipt_pdf(app)
    text, pages = pdf_text(data)
    assert pages >= 3
    assert "Pagina 1 di" in text
    # lines break anywhere, and a page's footer may fall inside a sentence
    compact = re.sub(r"Pagina\d+di\d+", "", "".join(text.split()))
    assert compact.count("Perchéècosìlungo?") == 250
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert pdf.open_metadata().pdfa_status == "3B"
        assert len(pdf.pages) == pages


def test_registered_receipt_supersedes_the_first_one(portal, app_type):
    app = submitted(app_type)
    first = store_receipt(app)
    final = store_receipt(app, {"number": "0000042", "date": "23/11/2026 10:15", "register": "PG"})
    assert first.superseded and not final.superseded
    assert current_document(app, "receipt") is final
    assert [d.id for d in documents_of(app)] == [final.id]
    assert len(documents_of(app, include_superseded=True)) == 2
    assert final.sha256 == hashlib.sha256(final.data()).hexdigest()
    text, _pages = pdf_text(final.data())
    assert "Protocollo n. 0000042 del 23/11/2026 10:15" in text
    assert "Protocollazione in corso" not in text

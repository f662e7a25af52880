"""The outcome kept with each file and shown per file: a slot that does not
require a signature still verifies .p7m and signed PDFs and keeps an invalid
outcome; the staff page rows and the PDF/A receipt carry the line."""

from comune.istanze.documents.attachments import add_attachment
from comune.istanze.documents.attachments import attachments_of
from comune.istanze.documents.receipt import receipt_html
from comune.istanze.documents.receipt import receipt_pdf
from comune.istanze.forms.steps_summary import attachment_rows
from comune.istanze.workflow import submission
from io import BytesIO
from tests.fixtures import login
from tests.fixtures import make_citizen
from tests.fixtures import make_type
from tests.restapi.conftest import PDF
from tests.signatures.conftest import make_pki
from tests.signatures.conftest import MARIO_CF
from tests.signatures.conftest import signed
from tests.signatures.conftest import SLOT
from tests.signatures.conftest import slots
from tests.signatures.conftest import tamper
from tests.signatures.conftest import trust

import pikepdf
import pypdf
import pytest


@pytest.fixture
def draft(portal):
    type_obj = make_type(portal, code="RELTEC", attachments=slots(required=False))
    trust()
    user = make_citizen("Mario", "Rossi")
    login(portal, user.getId())
    app = submission.create_draft(type_obj)
    app.componenti, app.isee, app.indirizzo = 3, 9000.0, "Via Roma 1"
    add_attachment(app, "Contratto di locazione", PDF, "contratto.pdf", user.getId())
    return app


def rows(app):
    return {r["filename"]: r for r in attachment_rows(app)}


def test_optional_slot_keeps_an_invalid_outcome(draft):
    att = add_attachment(draft, SLOT, tamper("cades", signed("cades", "mario")),
                         "relazione.pdf.p7m", draft.applicant_id)
    assert att.signature["valid"] is False and att.signature["reasons"] == ["integrity"]
    row = rows(draft)["relazione.pdf.p7m"]
    assert row["signature"] == ("Firma non valida (CADES): il contenuto è stato modificato "
                                "dopo la firma")
    assert row["signature_valid"] is False
    assert row["content_url"].endswith(f"/@@allegato/{att.id}/contenuto")
    assert rows(draft)["contratto.pdf"]["signature"] == ""  # a plain PDF: nothing to say
    assert [a.signature for a in attachments_of(draft) if a.spec != SLOT] == [None]


def test_optional_slot_takes_an_unsigned_file(draft):
    att = add_attachment(draft, SLOT, make_pki().report, "relazione.pdf", draft.applicant_id)
    assert att.signature is None


def test_other_signer_is_fine_when_the_slot_does_not_ask(draft):
    att = add_attachment(draft, SLOT, signed("pades", "giulia"), "relazione.pdf", draft.applicant_id)
    assert att.signature["valid"] is True
    assert att.signature["signers"][0]["name"] == "Giulia Bianchi"


def test_receipt_shows_the_outcome_per_file(draft):
    add_attachment(draft, SLOT, signed("pades", "mario"), "relazione.pdf", draft.applicant_id)
    submission.submit(draft)
    html = receipt_html(draft)
    line = f"Firma valida (PADES) — Mario Rossi ({MARIO_CF}) — firmato il "
    assert line in html
    data = receipt_pdf(draft)
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(BytesIO(data)).pages)
    assert "Firma valida (PADES)" in text and MARIO_CF in text
    with pikepdf.open(BytesIO(data)) as pdf:
        assert pdf.open_metadata().pdfa_status == "3B"  # still PDF/A


def test_no_trust_list_is_said_plainly(draft):
    trust(pem="")
    att = add_attachment(draft, SLOT, signed("cades", "mario"), "relazione.pdf.p7m", draft.applicant_id)
    assert att.signature["reasons"] == ["no_trust_list"]
    assert rows(draft)["relazione.pdf.p7m"]["signature"] == (
        "Firma non valida (CADES): il Comune non ha ancora configurato l'elenco dei "
        "certificatori fidati")

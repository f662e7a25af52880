"""Helpers shared by the documents, outbox and protocol tests."""

from comune.istanze.documents.attachments import add_attachment
from comune.istanze.workflow import submission
from tests.fixtures import login
from pypdf import PdfReader
from tests.fixtures import make_citizen

import io


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def submitted(app_type, citizen=None, indirizzo="Via Roma 1", pdf=PDF):
    """Submit an application of ``app_type`` as ``citizen`` (a new one by default)."""
    portal = app_type.aq_parent
    citizen = citizen or make_citizen()
    login(portal, citizen.getId())
    app = submission.create_draft(app_type)
    app.componenti, app.isee, app.indirizzo = 3, 9000.0, indirizzo
    add_attachment(app, "Contratto di locazione", pdf, "contratto.pdf", app.applicant_id)
    submission.submit(app)
    return app


def pdf_text(data):
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages), len(reader.pages)

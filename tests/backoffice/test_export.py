"""Exports: CSV, XLSX, ZIP of attachments; staff only; audited."""

from comune.istanze.backoffice import audit
from comune.istanze.interfaces import IComuneIstanzeLayer
from plone import api
from tests.fixtures import login
from zExceptions import Forbidden
from zope.interface import alsoProvides

import io
import openpyxl
import pytest
import zipfile


def _export(portal, request, fmt, **filters):
    alsoProvides(request, IComuneIstanzeLayer)
    request.form.update(formato=fmt, **filters)
    return api.content.get_view("esporta", portal, request)()


def test_csv_has_answers_and_metadata(portal, office, http_request):
    login(portal, "istruttore")
    text = _export(portal, http_request, "csv", type="CASA").decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0].startswith("Numero;Tipologia;Stato")
    assert "Valore ISEE" in lines[0]
    assert len(lines) == 5
    assert office["apps"][0].number in text and "1.000,00" in text
    assert [e["action"] for e in audit.entries(office["casa"], office["apps"][0].UID())] == ["export"]


def test_xlsx(portal, office, http_request):
    login(portal, "istruttore")
    data = _export(portal, http_request, "xlsx", text="Giulia")
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    rows = list(sheet.values)
    assert rows[0][0] == "Numero" and len(rows) == 2
    assert rows[1][0] == office["apps"][3].number


def test_zip_of_attachments_by_number(portal, office, http_request):
    login(portal, "istruttore")
    data = _export(portal, http_request, "zip", type="CASA")
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert len(names) == 4
    assert f"{office['apps'][0].number}/Contratto di locazione - c.pdf" in names


def test_citizen_cannot_export(portal, office, http_request):
    login(portal, office["mario"].getId())
    with pytest.raises(Forbidden):
        _export(portal, http_request, "csv")

"""The office's payments view: counts and totals by state, filters, export,
staff of the type only (from catalog metadata)."""

from comune.istanze.backoffice import audit
from comune.istanze.integrations.pagopa import storage
from comune.istanze.interfaces import IComuneIstanzeLayer
from datetime import date
from datetime import datetime
from plone import api
from tests.fixtures import login
from zExceptions import NotFound
from zope.interface import alsoProvides

import io
import openpyxl
import pytest


IBAN = "IT60X0542811101000000123456"


def pay_request(app, amount, state="published", n=1, mismatch=None):
    """A payment of ``app`` in ``state`` (published through the job in real life)."""
    payment = storage.add_payment(app, amount, "Diritti", date(2026, 12, 31),
                                  [{"amount": amount, "category": "9/0101108TS/",
                                    "iban": IBAN}])
    payment.iuv = f"4700000000000{n:04d}"
    payment.notice_number = "3" + payment.iuv
    payment.state, payment.published = storage.PUBLISHED, datetime(2026, 11, 2, 10)
    storage.payments_changed(app)
    if state in ("paid", "reported"):
        storage.mark_paid(app, payment, datetime(2026, 11, 3, 9), {"amount": amount,
                                                                    "receipt_id": f"r{n}"})
    if state == "reported":
        storage.mark_reported(app, payment, "FLUSSO-1", datetime(2026, 11, 4))
    if state == "expired":
        storage.mark_expired(app, payment)
    if mismatch:
        storage.flag_mismatch(payment, mismatch, "dettaglio", datetime(2026, 11, 3))
        storage.payments_changed(app)
    return payment


@pytest.fixture
def paying_office(portal, office):
    casa1, casa2, casa3, casa4, mensa = office["apps"]
    pay_request(casa1, 1600, "paid", 1)
    pay_request(casa1, 400, "published", 2)
    pay_request(casa2, 1600, "reported", 3)
    pay_request(casa3, 1000, "expired", 4)
    pay_request(casa4, 1600, "paid", 5, mismatch="amount")
    pay_request(mensa, 5000, "published", 6)
    casa4.applicant_name = '=HYPERLINK("http://evil.example","x")'
    casa4.reindexObject()
    return office


def _view(portal, request, name, context=None, **form):
    alsoProvides(request, IComuneIstanzeLayer)
    request.form.clear()
    request.form.update(form)
    return api.content.get_view(name, context or portal, request)


def test_counts_and_totals_by_state(portal, paying_office, http_request):
    login(portal, "istruttore")
    view = _view(portal, http_request, "pagamenti")
    html = view()
    totals = view.totals
    assert totals["due"] == {"count": 1, "amount": 400}  # MENSA is not theirs
    assert totals["paid"] == {"count": 2, "amount": 3200}
    assert totals["reported"] == {"count": 1, "amount": 1600}
    assert totals["expired"] == {"count": 1, "amount": 1000}
    assert totals["mismatch"]["count"] == 1
    assert view.batch.sequence_length == 4
    assert "Pagamenti pagoPA" in html and "32,00 €" in html


def test_filters(portal, paying_office, http_request):
    apps = paying_office["apps"]
    login(portal, "istruttore")
    view = _view(portal, http_request, "pagamenti", state="mismatch")
    view()
    assert [r["number"] for r in view.rows()] == [apps[3].number]
    view = _view(portal, http_request, "pagamenti", state="due")
    view()
    assert [r["number"] for r in view.rows()] == [apps[0].number]
    view = _view(portal, http_request, "pagamenti", text=paying_office["giulia"].getId())
    view()
    assert [r["number"] for r in view.rows()] == [apps[3].number]
    view = _view(portal, http_request, "pagamenti", text="347000000000000004")
    view()
    assert [r["number"] for r in view.rows()] == [apps[2].number]
    view = _view(portal, http_request, "pagamenti", **{"from": "2026-11-03", "to": "2026-11-03"})
    view()
    assert sorted(r["number"] for r in view.rows()) == sorted([apps[0].number, apps[1].number,
                                                               apps[3].number])
    view = _view(portal, http_request, "pagamenti", **{"from": "03/11/2026"})
    view()
    assert view.batch.sequence_length == 0  # refused in Italian, nothing listed


def test_on_a_type_and_the_other_type_staff(portal, paying_office, http_request):
    login(portal, "mensa_staff")
    view = _view(portal, http_request, "pagamenti", paying_office["mensa"])
    view()
    assert view.totals["due"] == {"count": 1, "amount": 5000}
    with pytest.raises(NotFound):
        _view(portal, http_request, "pagamenti", paying_office["casa"])()
    with pytest.raises(NotFound):
        _view(portal, http_request, "pagamenti-esporta", paying_office["casa"], formato="csv")()


def test_citizen_and_anonymous_get_not_found(portal, paying_office, http_request):
    login(portal, paying_office["mario"].getId())
    with pytest.raises(NotFound):
        _view(portal, http_request, "pagamenti")()
    from plone.app.testing import logout

    logout()
    with pytest.raises(NotFound):
        _view(portal, http_request, "pagamenti-esporta", formato="csv")()


def test_csv_export_safe_and_audited(portal, paying_office, http_request):
    login(portal, "istruttore")
    data = _view(portal, http_request, "pagamenti-esporta", formato="csv")()
    lines = data.decode("utf-8-sig").strip().splitlines()
    assert lines[0].startswith("Numero;Tipologia;Richiedente;Codice fiscale")
    assert len(lines) == 5
    evil = next(line for line in lines if "HYPERLINK" in line)
    assert ";'=HYPERLINK(" in evil.replace('"', "")
    assert ";16.00;" in evil  # paid, a number
    [entry] = [e for e in audit.entries(paying_office["casa"]) if e["action"] == "export"]
    assert entry["detail"] == "pagamenti csv (4 istanze)" and entry["who"] == "istruttore"


def test_xlsx_export(portal, paying_office, http_request):
    login(portal, "istruttore")
    data = _view(portal, http_request, "pagamenti-esporta", formato="xlsx", state="paid")()
    rows = list(openpyxl.load_workbook(io.BytesIO(data)).active.values)
    assert rows[0][0] == "Numero" and len(rows) == 3
    names = {r[2] for r in rows[1:]}
    assert '\'=HYPERLINK("http://evil.example","x")' in names
    assert {float(r[6]) for r in rows[1:]} == {16.0}


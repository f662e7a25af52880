"""The GPD client against the sandbox over loopback (no Plone needed)."""

from comune.istanze.integrations.pagopa import interfaces as i
from comune.istanze.integrations.pagopa.errors import PagoPAConflict
from comune.istanze.integrations.pagopa.errors import PagoPARejected
from comune.istanze.integrations.pagopa.errors import PagoPAUnavailable
from comune.istanze.integrations.pagopa.gpd import GPDClient
from comune.istanze.integrations.pagopa.rt import cents
from comune.istanze.integrations.pagopa.gpd import problem_message
from comune.istanze.integrations.pagopa.iuv import new_iuv
from comune.istanze.integrations.pagopa.iuv import notice_number
from comune.istanze.outbox.errors import PermanentError
from comune.istanze.outbox.errors import TransientError
from datetime import datetime
from tests.pagopa.conftest import CREDITOR
from zoneinfo import ZoneInfo

import pytest
import socket
import time
import urllib.request


ROME = ZoneInfo("Europe/Rome")
IBAN = "IT60X0542811101000000123456"


def position(n=1, amount=1600, iuv=None, iupd=None):
    iuv = iuv or new_iuv("47")
    return i.DebtPosition(
        iupd=iupd or f"{CREDITOR}-prova-{n}-{iuv}", fiscal_code="RSSMRA80A01H501U",
        full_name="Mario Rossi", company_name="Comune di Esempio", email="m@example.it",
        payment_options=[i.PaymentOption(
            iuv=iuv, amount=amount, description="Diritti di segreteria",
            due_date=datetime(2026, 12, 31, 23, 59), nav=notice_number(iuv),
            metadata={"istanza": f"2026-PROVA-{n:06d}"},
            transfers=[i.Transfer("1", amount - 200, "Diritti di segreteria", "9/0101108TS/",
                                  iban=IBAN),
                       i.Transfer("2", 200, "Rimborso spese", "9/0101108TS/", iban=IBAN)])])


def test_create_is_idempotent_409_is_already_existing(client, sandbox):
    pos = position()
    created = client.create_position(pos)
    assert created.status == "DRAFT" and not created.already_existed
    again = client.create_position(pos)
    assert again.already_existed and again.iupd == pos.iupd
    assert again.payment_options[0].iuv == pos.payment_options[0].iuv
    assert sandbox.state()["count"] == 1


def test_create_and_publish_in_one_call_and_publish_is_idempotent(client, sandbox):
    pos = position()
    assert client.create_position(pos, publish=True).status == "VALID"
    assert client.publish_position(pos.iupd).status == "VALID"  # 409, already published
    read = client.get_position(pos.iupd)
    assert read.published and read.payment_options[0].amount == 1600
    assert read.payment_options[0].nav == notice_number(pos.payment_options[0].iuv)
    assert [t.amount for t in read.payment_options[0].transfers] == [1400, 200]
    assert read.payment_options[0].metadata == {"istanza": "2026-PROVA-000001"}
    # a naive due date is Italian time, sent in UTC and read back in Italian time
    assert read.payment_options[0].due_date == datetime(2026, 12, 31, 23, 59, tzinfo=ROME)


def test_iuv_collision_is_a_conflict_not_an_existing_position(client, sandbox):
    first = position(1)
    client.create_position(first)
    other = position(2, iuv=first.payment_options[0].iuv)  # another IUPD, the same IUV
    with pytest.raises(PagoPAConflict) as exc:
        client.create_position(other)
    assert "IUV" in str(exc.value) and "HTTP 409" in str(exc.value)
    assert isinstance(exc.value, PermanentError)
    assert sandbox.state()["count"] == 1


def test_problem_json_becomes_an_italian_message(client):
    bad = position(amount=0)
    bad.payment_options[0].transfers = [i.Transfer("1", 0, "x", "9/0101108TS/", iban=IBAN)]
    with pytest.raises(PagoPARejected) as exc:
        client.create_position(bad)
    message = str(exc.value)
    assert message.startswith("pagoPA ha rifiutato la richiesta perché non valida (HTTP 400).")
    assert "paymentOption/0/amount" in message and exc.value.status == 400


def test_problem_messages():
    assert problem_message(404, {"title": "Not found", "status": 404, "detail": "No iupd"}) == (
        "pagoPA non ha trovato quanto richiesto (HTTP 404). Dettaglio: Not found: No iupd")
    fdr = {"httpStatusCode": 400, "appErrorCode": "FDR-0702",
           "errors": [{"path": "x", "message": "Bad page"}]}
    assert problem_message(400, fdr).endswith("Dettaglio: FDR-0702: Bad page")
    assert problem_message(503, None) == "Servizio pagoPA in errore (HTTP 503)."


def test_wrong_subscription_key(sandbox):
    client = GPDClient(settings=sandbox.settings(subscription_key="sbagliata"))
    with pytest.raises(PagoPARejected) as exc:
        client.get_position("x")
    assert "Chiave di sottoscrizione" in str(exc.value) and exc.value.status == 401


def test_down_slow_refused_lost_are_transient_italian_errors(client, sandbox):
    pos = position()
    sandbox.mode("down", times=1)
    with pytest.raises(PagoPAUnavailable) as exc:
        client.create_position(pos)
    assert "HTTP 503" in str(exc.value) and isinstance(exc.value, TransientError)
    sandbox.mode("fail", times=1)
    with pytest.raises(PagoPAUnavailable, match="HTTP 500"):
        client.create_position(pos)
    sandbox.mode("slow", delay=3, times=1)  # read timeout is 2 s
    with pytest.raises(PagoPAUnavailable, match="non raggiungibile"):
        client.create_position(pos)
    time.sleep(1.5)  # the sandbox finishes the slow call after the client gave up...
    assert sandbox.state()["count"] == 1  # ...and the position exists
    sandbox.reset()
    sandbox.mode("lose_response", times=1)
    with pytest.raises(PagoPAUnavailable):
        client.create_position(pos)
    assert client.create_position(pos).already_existed  # the retry finds it
    assert sandbox.state()["count"] == 1
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    nowhere = GPDClient(settings=sandbox.settings(gpd_url=f"http://127.0.0.1:{closed}/gpd"))
    with pytest.raises(PagoPAUnavailable, match="Servizio pagoPA non raggiungibile"):
        nowhere.get_position("x")


def test_read_update_invalidate(client, sandbox):
    pos = position()
    assert client.get_position(pos.iupd) is None
    client.create_position(pos, publish=True)
    pos.payment_options[0].description = "Diritti di segreteria (corretto)"
    updated = client.update_position(pos)
    assert updated.payment_options[0].description.endswith("(corretto)")
    assert client.invalidate_position(pos.iupd).status == "INVALID"
    assert client.invalidate_position(pos.iupd).status == "INVALID"  # idempotent
    with pytest.raises(PagoPAConflict):
        client.publish_position(pos.iupd)  # invalid: not publishable


def test_update_after_payment_is_refused(client, sandbox):
    pos = position()
    client.create_position(pos, publish=True)
    sandbox.pay(pos.payment_options[0].iuv)
    with pytest.raises(PagoPAConflict, match="in conflitto"):
        client.update_position(pos)
    assert client.get_position(pos.iupd).status == "PAID"


def test_list_positions_by_status_paginated(client, sandbox):
    for n in range(7):
        client.create_position(position(n), publish=n < 5)
    first = client.list_positions(status="VALID", page=0, limit=2)
    assert (first.total_pages, len(first.positions)) == (3, 2)
    pages = [client.list_positions(status="VALID", page=p, limit=2) for p in range(3)]
    assert sum(len(p.positions) for p in pages) == 5
    assert {p.status for page in pages for p in page.positions} == {"VALID"}
    assert len(client.list_positions(status="DRAFT").positions) == 2


def test_receipts(client, sandbox):
    assert client.list_receipts().receipts == []  # 404 "No receipts found"
    pos = position()
    iuv = pos.payment_options[0].iuv
    client.create_position(pos, publish=True)
    assert client.get_receipt(iuv) is None
    sandbox.pay(iuv)
    page = client.list_receipts()
    assert [(r.iuv, r.debtor) for r in page.receipts] == [(iuv, "RSSMRA80A01H501U")]
    receipt = client.get_receipt(iuv)
    assert (receipt.iuv, receipt.notice_number, receipt.amount) == (iuv, "3" + iuv, 1600)
    assert receipt.outcome == "OK" and receipt.fiscal_code == CREDITOR
    assert receipt.debtor_fiscal_code == "RSSMRA80A01H501U" and receipt.fee == 100
    assert [(t.id_transfer, t.amount, t.iban) for t in receipt.transfers] == [
        ("1", 1400, IBAN), ("2", 200, IBAN)]
    assert receipt.xml.startswith(b"<?xml") and receipt.payment_date_time is not None


def test_reporting_flows(client, sandbox):
    pos = position()
    iuv = pos.payment_options[0].iuv
    client.create_position(pos, publish=True)
    sandbox.pay(iuv)
    published = sandbox.publish_flow(extra=[{"iuv": "47000000000000099", "amount": 1250}])
    flows = client.list_reporting_flows()
    assert [(f.fdr, f.revision, f.psp_id) for f in flows.flows] == [
        (published["fdr"], 1, published["pspId"])]
    detail = client.get_reporting_flow(published["fdr"], 1, published["pspId"])
    assert (detail.tot_payments, detail.sum_payments, detail.organization_id) == (2, 2850, CREDITOR)
    assert detail.regulation.startswith("SCT")
    rows = client.reported_payments(published["fdr"], 1, published["pspId"]).payments
    assert [(r.iuv, r.amount, r.pay_status) for r in rows] == [
        (iuv, 1600, "EXECUTED"), ("47000000000000099", 1250, "EXECUTED")]
    assert client.get_position(pos.iupd).status == "REPORTED"
    later = client.list_reporting_flows(published_after=flows.flows[0].published)
    assert later.flows == []


def test_cents_from_decimal_euro():
    assert [cents(x) for x in (0.01, "16.00", 1250.5, "0.1", 19.99)] == [1, 1600, 125050, 10, 1999]


def _cart(iuv, amount=1600):
    return i.Cart([i.CartNotice(notice_number(iuv), CREDITOR, amount, "Comune di Esempio",
                                "Diritti di segreteria")],
                  "https://comune.example/ok", "https://comune.example/annullato",
                  "https://comune.example/errore", email="m@example.it", id_cart="c-1")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args):
        return None


def test_checkout_cart_302_then_pay_on_the_page(client, sandbox):
    pos = position()
    iuv = pos.payment_options[0].iuv
    client.create_position(pos, publish=True)
    location = client.create_cart(_cart(iuv))
    assert location.startswith(sandbox.base + "/checkout/carrello/")
    with urllib.request.urlopen(location, timeout=5) as resp:
        html = resp.read().decode()
    assert ">Paga</button>" in html and ">Annulla</button>" in html and "16,00 €" in html
    opener = urllib.request.build_opener(NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as answer:
        opener.open(urllib.request.Request(location + "/paga", data=b"", method="POST"))
    assert answer.value.code == 302
    assert answer.value.headers["Location"] == "https://comune.example/ok"
    assert client.get_position(pos.iupd).status == "PAID"


def test_checkout_cancel_and_invalid_cart(client, sandbox):
    pos = position()
    client.create_position(pos, publish=True)
    location = client.create_cart(_cart(pos.payment_options[0].iuv))
    opener = urllib.request.build_opener(NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as answer:
        opener.open(urllib.request.Request(location + "/annulla", data=b"", method="POST"))
    assert answer.value.headers["Location"] == "https://comune.example/annullato"
    assert client.get_position(pos.iupd).status == "VALID"
    bad = _cart(pos.payment_options[0].iuv)
    bad.notices[0].notice_number = "3" * 17
    with pytest.raises(PagoPARejected, match="HTTP 400.*noticeNumber"):
        client.create_cart(bad)

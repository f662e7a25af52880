"""The sandbox GPD list (``GET .../debtpositions``) as the spec describes it,
and the demo's foreign positions (no Plone)."""

from sandbox.pagopa.schemas import errors
from sandbox.pagopa.server import make_server
from sandbox.pagopa.server import seed_demo
from tests.sandbox.test_pagopa import call
from tests.sandbox.test_pagopa import GPD
from tests.sandbox.test_pagopa import js
from tests.sandbox.test_pagopa import ORG
from tests.sandbox.test_pagopa import POSITION
from tests.sandbox.test_pagopa import server  # noqa: F401

import copy


def make(server, n, due, iuv_base=47000000000000000, publish=True, company="Comune"):
    body = copy.deepcopy(POSITION)
    body["iupd"] = f"{ORG}-L{n:03d}"
    body["companyName"] = company
    option = body["paymentOption"][0]
    option["iuv"] = str(iuv_base + n)
    option["dueDate"] = f"{due}T10:00:00.000Z"
    option["paymentOptionMetadata"] = [{"key": "codiceFiscaleDebitore",
                                        "value": "RSSMRA80A01H501U"}]
    status, _h, raw = call(server, "POST", GPD + ("?toPublish=true" if publish else ""), body)
    assert status == 201, raw
    return body


def listing(server, query=""):
    status, _h, raw = call(server, "GET", f"{GPD}?{query}")
    assert status == 200, raw
    body = js(raw)
    assert errors("gpd.PaymentPositionsInfo", body) == []
    return body


def iupds(body):
    return [p["iupd"] for p in body["payment_position_list"]]


def test_pages_status_and_order(server):
    for n in range(7):
        make(server, n, "2026-12-10", publish=n != 6, company=f"Ente {6 - n}")
    first = listing(server, "status=VALID&limit=3&page=0&orderby=INSERTED_DATE&ordering=ASC")
    assert first["page_info"] == {"page": 0, "limit": 3, "items_found": 3, "total_pages": 2}
    last = listing(server, "status=VALID&limit=3&page=1&orderby=INSERTED_DATE&ordering=ASC")
    assert iupds(first) + iupds(last) == [f"{ORG}-L{n:03d}" for n in range(6)]
    assert last["page_info"]["items_found"] == 3
    assert iupds(listing(server, "status=DRAFT")) == [f"{ORG}-L006"]
    by_name = listing(server, "orderby=COMPANY_NAME&ordering=ASC&limit=50")
    assert [p["companyName"] for p in by_name["payment_position_list"]] == [
        f"Ente {k}" for k in range(7)]
    newest = listing(server, "orderby=IUPD")  # DESC by default, as the spec says
    assert iupds(newest)[0] == f"{ORG}-L006"
    item = first["payment_position_list"][0]
    assert "fiscalCode" not in item and "fullName" not in item  # no debtor in the list
    assert item["paymentOption"][0]["paymentOptionMetadata"] == [
        {"key": "codiceFiscaleDebitore", "value": "RSSMRA80A01H501U"}]
    assert item["lastUpdatedDate"]


def test_due_and_payment_date_windows(server):
    make(server, 1, "2026-12-01")
    make(server, 2, "2027-01-15")
    make(server, 3, "2027-06-30")
    window = listing(server, "due_date_from=2026-12-01&due_date_to=2027-01-15")
    assert sorted(iupds(window)) == [f"{ORG}-L001", f"{ORG}-L002"]
    # a bound alone: its partner is 30 days away
    assert iupds(listing(server, "due_date_from=2027-06-01")) == [f"{ORG}-L003"]
    assert iupds(listing(server, "due_date_to=2026-12-20")) == [f"{ORG}-L001"]
    call(server, "POST", "/_control/pay", {"organization": ORG, "iuv": "47000000000000002"})
    paid = listing(server, "payment_date_from=2020-01-01&payment_date_to=2099-12-31")
    assert iupds(paid) == [f"{ORG}-L002"]
    assert paid["payment_position_list"][0]["status"] == "PAID"


def test_expiry_hook_and_bad_parameters(server):
    make(server, 1, "2026-12-01")
    status, _h, _raw = call(server, "POST", "/_control/expire",
                            {"organization": ORG, "iupd": f"{ORG}-L001"})
    assert status == 200
    assert iupds(listing(server, "status=EXPIRED")) == [f"{ORG}-L001"]
    assert listing(server, "status=VALID")["payment_position_list"] == []
    for query, field in (("limit=51", "limit"), ("limit=0", "limit"), ("page=-1", "page"),
                         ("status=PAGATO", "status"), ("orderby=AMOUNT", "orderby"),
                         ("ordering=UP", "ordering"), ("due_date_from=01/12/2026", "due_date_from"),
                         ("payment_date_to=2026-13-01", "payment_date_to")):
        status, _h, raw = call(server, "GET", f"{GPD}?{query}")
        assert status == 400 and field in js(raw)["detail"], query
    assert call(server, "GET", GPD, key=None)[0] == 401


def test_the_demo_seed_publishes_valid_foreign_positions():
    creditor = "01234567890"
    srv = make_server("127.0.0.1", 0)
    try:
        assert seed_demo(srv.platform, creditor) == 3
        body = srv.platform.listing(creditor, 0, 50, "VALID")
        assert errors("gpd.PaymentPositionsInfo", body) == []
        keys = [m["key"] for p in body["payment_position_list"]
                for m in p["paymentOption"][0]["paymentOptionMetadata"]]
        assert keys.count("codiceFiscaleDebitore") == 3
        seed_demo(srv.platform, "09876543210")  # the IUVs are per creditor
        assert len(srv.platform.positions) == 6
    finally:
        srv.server_close()

"""The sandbox pagoPA on its own: raw HTTP, official schemas, no Plone."""

from sandbox.pagopa.schemas import errors
from sandbox.pagopa.server import make_server

import copy
import json
import pytest
import threading
import urllib.error
import urllib.request


KEY = "k"
ORG = "00000000201"
GPD = f"/gpd/debt-positions-service/v1/organizations/{ORG}/debtpositions"
IBAN = "IT60X0542811101000000123456"
POSITION = {
    "iupd": f"{ORG}-1", "type": "F", "fiscalCode": "RSSMRA80A01H501U", "fullName": "Mario Rossi",
    "companyName": "Comune di Esempio", "switchToExpired": False,
    "paymentOption": [{
        "iuv": "47123456789012389", "amount": 1600, "description": "Diritti di segreteria",
        "isPartialPayment": False, "dueDate": "2026-12-31T22:59:00.000Z",
        "transfer": [{"idTransfer": "1", "amount": 1600, "category": "9/0101108TS/",
                      "remittanceInformation": "Diritti di segreteria", "iban": IBAN}]}],
}
CART = {
    "paymentNotices": [{"noticeNumber": "347123456789012389", "fiscalCode": ORG, "amount": 1600,
                        "companyName": "Comune di Esempio", "description": "Diritti"}],
    "returnUrls": {"returnOkUrl": "https://c.example/ok", "returnCancelUrl": "https://c.example/no",
                   "returnErrorUrl": "https://c.example/err",
                   "returnWaitingUrl": "https://c.example/wait"},
}


@pytest.fixture
def server():
    srv = make_server("127.0.0.1", 0, subscription_key=KEY)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()
    srv.server_close()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args):
        return None


def call(base, method, path, body=None, key=KEY):
    data = json.dumps(body).encode() if body is not None else None
    headers = {"Content-Type": "application/json"}
    if key is not None:
        headers["Ocp-Apim-Subscription-Key"] = key
    req = urllib.request.Request(base + path, data=data, method=method, headers=headers)
    try:
        with urllib.request.build_opener(NoRedirect).open(req, timeout=10) as resp:
            return resp.status, resp.headers, resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read()


def js(raw):
    return json.loads(raw) if raw else None


def with_change(path, value):
    body = copy.deepcopy(POSITION)
    node = body
    for key in path[:-1]:
        node = node[key]
    if value is KeyError:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return body


@pytest.mark.parametrize("path,value,field", [
    (("fullName",), KeyError, "fullName"),
    (("type",), "X", "type"),
    (("switchToExpired",), "no", "switchToExpired"),
    (("companyName",), "C" * 141, "companyName"),
    (("paymentOption", 0, "amount"), 0, "paymentOption/0/amount"),
    (("paymentOption", 0, "dueDate"), "31/12/2026", "paymentOption/0/dueDate"),
    (("paymentOption", 0, "isPartialPayment"), KeyError, "isPartialPayment"),
    (("paymentOption", 0, "transfer", 0, "idTransfer"), "6", "transfer/0/idTransfer"),
    (("paymentOption", 0, "transfer", 0, "iban"), "IT60 X054", "transfer/0/iban"),
    (("paymentOption", 0, "transfer", 0, "category"), KeyError, "category"),
])
def test_bad_positions_get_400_naming_the_field(server, path, value, field):
    status, _h, raw = call(server, "POST", GPD, with_change(path, value))
    assert status == 400
    problem = js(raw)
    assert problem["status"] == 400 and field in problem["detail"]
    assert errors("gpd.ProblemJson", problem) == []
    assert js(call(server, "GET", "/_control/state")[2])["count"] == 0


def test_not_json_and_missing_key(server):
    req = urllib.request.Request(server + GPD, data=b"{nope", method="POST",
                                 headers={"Ocp-Apim-Subscription-Key": KEY})
    with pytest.raises(urllib.error.HTTPError) as exc:
        urllib.request.urlopen(req, timeout=5)
    assert exc.value.code == 400
    status, _h, raw = call(server, "POST", GPD, POSITION, key=None)
    assert (status, raw) == (401, b"")
    assert call(server, "GET", GPD, key="wrong")[0] == 401


def test_position_lifecycle_answers_follow_the_official_shapes(server):
    status, _h, raw = call(server, "POST", GPD, POSITION)
    assert status == 201 and js(raw)["status"] == "DRAFT"
    assert errors("gpd.PaymentPositionModel", js(raw)) == []
    assert call(server, "POST", GPD, POSITION)[0] == 409
    status, _h, raw = call(server, "POST", f"{GPD}/{ORG}-1/publish")
    assert (status, js(raw)["status"]) == (200, "VALID")
    assert call(server, "POST", f"{GPD}/{ORG}-1/publish")[0] == 409
    status, _h, raw = call(server, "GET", f"{GPD}/{ORG}-1")
    read = js(raw)
    assert status == 200 and errors("gpd.PaymentPositionModelBaseResponse", read) == []
    assert read["organizationFiscalCode"] == ORG and "fiscalCode" not in read
    assert read["paymentOption"][0]["status"] == "PO_UNPAID"
    status, _h, raw = call(server, "GET", f"{GPD}?limit=10&page=0&status=VALID")
    assert status == 200 and errors("gpd.PaymentPositionsInfo", js(raw)) == []
    assert js(raw)["page_info"]["items_found"] == 1
    assert call(server, "GET", f"{GPD}?limit=51")[0] == 400
    assert call(server, "GET", f"{GPD}/{ORG}-2")[0] == 404
    assert call(server, "PUT", f"{GPD}/{ORG}-1", with_change(("fullName",), KeyError))[0] == 400
    assert call(server, "PUT", f"{GPD}/{ORG}-1", POSITION)[0] == 200
    assert call(server, "POST", f"{GPD}/{ORG}-1/invalidate")[0] == 200
    assert call(server, "POST", f"{GPD}/{ORG}-1/invalidate")[0] == 409


def test_transfers_must_add_up_and_iuv_is_unique(server):
    body = with_change(("paymentOption", 0, "amount"), 1700)
    status, _h, raw = call(server, "POST", GPD, body)
    assert status == 400 and "sum of the transfer amounts" in js(raw)["detail"]
    call(server, "POST", GPD, POSITION)
    other = with_change(("iupd",), f"{ORG}-2")
    assert call(server, "POST", GPD, other)[0] == 409


def test_checkout_validates_carts_and_redirects(server):
    bad = copy.deepcopy(CART)
    bad["paymentNotices"][0]["fiscalCode"] = "123"
    status, _h, raw = call(server, "POST", "/checkout/ec/v2/carts", bad)
    assert status == 400 and "fiscalCode" in js(raw)["detail"]
    assert errors("checkout_v2.ProblemJson", js(raw)) == []
    no_urls = {k: v for k, v in CART.items() if k != "returnUrls"}
    assert call(server, "POST", "/checkout/ec/v2/carts", no_urls)[0] == 400
    six = dict(CART, paymentNotices=CART["paymentNotices"] * 6)
    assert call(server, "POST", "/checkout/ec/v2/carts", six)[0] == 400
    # the key may also come as ?subscription-key= (checkout and FdR specs)
    status, headers, _raw = call(server, "POST", f"/checkout/ec/v2/carts?subscription-key={KEY}",
                                 CART, key=None)
    assert status == 302
    page = headers["Location"]
    with urllib.request.urlopen(page, timeout=5) as resp:
        html = resp.read().decode()
    assert 'lang="it"' in html and "347123456789012389" in html
    # not payable (no such position): the error URL
    status, headers, _raw = call(server, "POST", page[len(server):] + "/paga", {})
    assert (status, headers["Location"]) == (302, "https://c.example/err")


def test_pay_receipts_and_flows(server):
    call(server, "POST", GPD + "?toPublish=true", POSITION)
    status, headers, _raw = call(server, "POST", "/checkout/ec/v2/carts", CART)
    status, headers, _raw = call(server, "POST", headers["Location"][len(server):] + "/paga", {})
    assert (status, headers["Location"]) == (302, "https://c.example/ok")
    receipts = f"/gpd/payments-receipts-service/v1/payments/{ORG}/receipts"
    status, _h, raw = call(server, "GET", receipts)
    assert status == 200 and errors("gpd_payments.PaymentsResult", js(raw)) == []
    assert js(raw)["results"][0]["iuv"] == "47123456789012389"
    status, headers, raw = call(server, "GET", receipts + "/47123456789012389")
    assert status == 200 and headers["Content-Type"] == "application/xml"
    assert b"<creditorReferenceId>47123456789012389</creditorReferenceId>" in raw
    assert b"<paymentAmount>16.00</paymentAmount>" in raw
    assert call(server, "GET", receipts + "/47000000000000000")[0] == 404
    status, _h, raw = call(server, "POST", "/_control/publish_flow", {"organization": ORG})
    flow = js(raw)
    fdrs = f"/fdr-org/service/v1/organizations/{ORG}/fdrs"
    status, _h, raw = call(server, "GET", fdrs)
    assert status == 200 and errors("fdr_organization.PaginatedFlowsResponse", js(raw)) == []
    one = f"{fdrs}/{flow['fdr']}/revisions/1/psps/{flow['pspId']}"
    status, _h, raw = call(server, "GET", one)
    assert status == 200 and errors("fdr_organization.SingleFlowResponse", js(raw)) == []
    assert js(raw)["sumPayments"] == 16.0
    status, _h, raw = call(server, "GET", one + "/payments")
    assert status == 200 and errors("fdr_organization.PaginatedPaymentsResponse", js(raw)) == []
    assert js(raw)["data"][0]["pay"] == 16.0
    status, _h, raw = call(server, "GET", f"{fdrs}/nope/revisions/1/psps/x")
    assert status == 404 and errors("fdr_organization.ErrorResponse", js(raw)) == []
    assert call(server, "GET", f"{fdrs}?page=0")[0] == 400


def test_test_hooks(server):
    call(server, "POST", "/_control", {"mode": "down", "times": 1})
    assert call(server, "GET", GPD)[0] == 503
    assert call(server, "GET", GPD)[0] == 200
    call(server, "POST", "/_control", {"mode": "fail"})
    status, _h, raw = call(server, "GET", GPD)
    assert status == 500 and js(raw)["status"] == 500
    call(server, "POST", "/_control/reset", {})
    call(server, "POST", "/_control", {"mode": "lose_response", "times": 1})
    with pytest.raises((urllib.error.URLError, ConnectionError, OSError)):
        call(server, "POST", GPD, POSITION)
    assert js(call(server, "GET", "/_control/state")[2])["count"] == 1  # done, answer lost


def _transfers(*rows):
    body = copy.deepcopy(POSITION)
    body["paymentOption"][0]["transfer"] = [
        {"idTransfer": i, "amount": a, "category": "9/0101108TS/", "remittanceInformation": "x",
         "iban": IBAN, **({"organizationFiscalCode": org} if org else {})}
        for i, a, org in rows]
    body["paymentOption"][0]["amount"] = sum(a for _i, a, _o in rows)
    return body


def test_several_transfers_are_kept_and_checked(server):
    status, _h, raw = call(server, "POST", GPD, _transfers(("1", 1000, ORG), ("2", 400, None),
                                                            ("3", 200, "80000000001")))
    assert status == 201, raw
    kept = js(call(server, "GET", f"{GPD}/{ORG}-1")[2])["paymentOption"][0]["transfer"]
    assert [(t["idTransfer"], t["amount"], t["organizationFiscalCode"]) for t in kept] == [
        ("1", 1000, ORG), ("2", 400, ORG), ("3", 200, "80000000001")]
    twice = _transfers(("1", 1000, None), ("1", 600, None))
    twice["iupd"] = f"{ORG}-2"
    twice["paymentOption"][0]["iuv"] = "47123456789012392"
    status, _h, raw = call(server, "POST", GPD, twice)
    assert status == 400 and "idTransfer must be unique" in js(raw)["detail"]
    nobody = _transfers(("1", 1600, "80000000001"))
    nobody["iupd"] = f"{ORG}-3"
    nobody["paymentOption"][0]["iuv"] = "47123456789012393"
    status, _h, raw = call(server, "POST", GPD, nobody)
    assert status == 400 and "creditor institution" in js(raw)["detail"]
    six = _transfers(*[(str(n), 100, None) for n in range(1, 7)])
    six["iupd"] = f"{ORG}-4"
    six["paymentOption"][0]["iuv"] = "47123456789012394"
    status, _h, raw = call(server, "POST", GPD, six)
    assert status == 400 and "idTransfer" in js(raw)["detail"]

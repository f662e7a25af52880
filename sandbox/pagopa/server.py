"""The sandbox pagoPA over HTTP: the operations comune.istanze's client uses.

Paths as in the official servers (one host here):

- GPD ``/gpd/debt-positions-service/v1/organizations/{cf}/debtpositions``:
  create (``POST``, ``?toPublish``), list (``GET``, ``page``/``limit``/``status``,
  ``due_date_from``/``to``, ``payment_date_from``/``to``, ``orderby``/``ordering``),
  read/update (``GET``/``PUT .../{iupd}``), ``POST .../{iupd}/publish``,
  ``POST .../{iupd}/invalidate``;
- receipts ``/gpd/payments-receipts-service/v1/payments/{cf}/receipts[/{iuv}]``;
- FdR ``/fdr-org/service/v1/organizations/{cf}/fdrs`` and
  ``.../fdrs/{fdr}/revisions/{rev}/psps/{psp}[/payments]``;
- Checkout ``POST /checkout/ec/v2/carts`` answers 302 to the sandbox's
  checkout page ``/checkout/carrello/{id}``, where the tester clicks
  "Paga" or "Annulla" and is sent to the cart's return URL.

Request bodies are validated against the official schemas (``schemas/``):
400 with a ProblemJson listing the violations. Every API call needs the
subscription key (header ``Ocp-Apim-Subscription-Key``, or the query
parameter ``subscription-key`` where the spec allows it): 401 otherwise.

Test hooks under ``/_control`` (as in ``sandbox/protocol``): ``POST /_control``
with ``{"mode": "ok|down|slow|fail|lose_response", "delay": s, "times": n}``,
``GET /_control/state``, ``POST /_control/reset``, ``POST /_control/pay``
``{"organization", "iuv", "amount"?}`` (a payment at a PSP), ``POST
/_control/expire`` ``{"organization", "iupd"}`` (the position expires) and
``POST /_control/publish_flow`` ``{"organization", "extra"?: [{iuv, amount,
status}]}`` (the PSP publishes its reporting flow).
"""

from datetime import date
from sandbox.hooks import serve_until_interrupted
from sandbox.jsonapi import JsonApiHandler
from sandbox.jsonapi import make_json_server
from sandbox.pagopa import page
from sandbox.pagopa.platform import ORDER
from sandbox.pagopa.platform import Platform
from sandbox.pagopa.platform import Refused
from sandbox.pagopa.schemas import errors

import json
import re


GPD = "/gpd/debt-positions-service/v1"
RECEIPTS = "/gpd/payments-receipts-service/v1"
FDR = "/fdr-org/service/v1"
CHECKOUT = "/checkout/ec/v2"
PAGE = "/checkout/carrello/"
SEG = r"([^/]+)"

ROUTES = [  # (method, regex, handler name)
    ("POST", rf"{GPD}/organizations/{SEG}/debtpositions", "create"),
    ("GET", rf"{GPD}/organizations/{SEG}/debtpositions", "listing"),
    ("GET", rf"{GPD}/organizations/{SEG}/debtpositions/{SEG}", "read"),
    ("PUT", rf"{GPD}/organizations/{SEG}/debtpositions/{SEG}", "update"),
    ("POST", rf"{GPD}/organizations/{SEG}/debtpositions/{SEG}/publish", "publish"),
    ("POST", rf"{GPD}/organizations/{SEG}/debtpositions/{SEG}/invalidate", "invalidate"),
    ("GET", rf"{RECEIPTS}/payments/{SEG}/receipts", "receipts"),
    ("GET", rf"{RECEIPTS}/payments/{SEG}/receipts/{SEG}", "receipt"),
    ("GET", rf"{FDR}/organizations/{SEG}/fdrs", "flows"),
    ("GET", rf"{FDR}/organizations/{SEG}/fdrs/{SEG}/revisions/(\d+)/psps/{SEG}", "flow"),
    ("GET", rf"{FDR}/organizations/{SEG}/fdrs/{SEG}/revisions/(\d+)/psps/{SEG}/payments",
     "flow_payments"),
    ("POST", rf"{CHECKOUT}/carts", "carts"),
]
ROUTES = [(m, re.compile(f"^{p}$"), h) for m, p, h in ROUTES]
QUERY_KEY = (FDR, CHECKOUT)
STATUSES = ("DRAFT", "PUBLISHED", "VALID", "INVALID", "EXPIRED", "PARTIALLY_PAID", "PAID",
            "REPORTED")  # their specs also accept ?subscription-key=


def _int(query, name, default):
    try:
        return int(query.get(name, [default])[0])
    except (TypeError, ValueError):
        raise Refused(400, "Bad Request", f"{name}: not an integer.") from None


def _choice(query, name, default, allowed):
    value = query.get(name, [default])[0]
    if value is not None and value not in allowed:
        raise Refused(400, "Bad Request", f"{name}: one of {', '.join(allowed)}.")
    return value


def _day(query, name):
    value = query.get(name, [None])[0]
    try:
        return date.fromisoformat(value) if value is not None else None
    except ValueError:
        raise Refused(400, "Bad Request", f"{name}: a date yyyy-MM-dd.") from None


class Handler(JsonApiHandler):
    platform: Platform = None
    routes = ROUTES
    schema_errors = staticmethod(errors)

    def _problem(self, refused, path):
        if path.startswith(FDR):
            body = {"httpStatusCode": refused.status, "httpStatusDescription": refused.title,
                    "appErrorCode": f"FDR-{refused.status:04d}",
                    "errors": [{"message": refused.detail or refused.title}]}
        else:
            body = {"title": refused.title, "status": refused.status, "detail": refused.detail}
        self._send(refused.status, body, "application/problem+json"
                   if not path.startswith(FDR) else "application/json")

    def _authorized(self, path, query):
        key = self.headers.get("Ocp-Apim-Subscription-Key")
        if key is None and path.startswith(QUERY_KEY):
            key = (query.get("subscription-key") or [None])[0]
        return key == self.platform.subscription_key

    # -- GPD --
    def op_create(self, args, query, raw):
        body = self._body(raw, "gpd.PaymentPositionModel")
        publish = query.get("toPublish", ["false"])[0] == "true"
        return 201, self.platform.create(args[0], body, publish), "application/json", None

    def op_listing(self, args, query, raw):
        limit = _int(query, "limit", 10)
        if not 1 <= limit <= 50:
            raise Refused(400, "Bad Request", "limit: between 1 and 50.")
        page_number = _int(query, "page", 0)
        if page_number < 0:
            raise Refused(400, "Bad Request", "page: must be at least 0.")
        status = _choice(query, "status", None, STATUSES)
        orderby = _choice(query, "orderby", "INSERTED_DATE", ORDER)
        ordering = _choice(query, "ordering", "DESC", ("ASC", "DESC"))
        due = (_day(query, "due_date_from"), _day(query, "due_date_to"))
        paid = (_day(query, "payment_date_from"), _day(query, "payment_date_to"))
        return 200, self.platform.listing(args[0], page_number, limit, status, due, paid,
                                          orderby, ordering), "application/json", None

    def op_read(self, args, query, raw):
        return 200, self.platform.read(*args), "application/json", None

    def op_update(self, args, query, raw):
        body = self._body(raw, "gpd.PaymentPositionModel")
        publish = query.get("toPublish", ["false"])[0] == "true"
        return 200, self.platform.update(args[0], args[1], body, publish), \
            "application/json", None

    def op_publish(self, args, query, raw):
        return 200, self.platform.publish(*args), "application/json", None

    def op_invalidate(self, args, query, raw):
        return 200, self.platform.invalidate(*args), "application/json", None

    # -- receipts --
    def op_receipts(self, args, query, raw):
        size = _int(query, "pageSize", 20)
        return 200, self.platform.receipt_list(args[0], _int(query, "pageNum", 0), size), \
            "application/json", None

    def op_receipt(self, args, query, raw):
        return 200, self.platform.receipt(*args), "application/xml", None

    # -- FdR --
    def op_flows(self, args, query, raw):
        page_number, size = _int(query, "page", 1), _int(query, "size", 1000)
        if page_number < 1 or not 1 <= size <= 1000:
            raise Refused(400, "Bad Request", "page >= 1, 1 <= size <= 1000.")
        after = query.get("publishedGt", [""])[0]
        with self.platform.lock:
            rows = [{"fdr": f["fdr"], "pspId": f["pspId"], "revision": f["revision"],
                     "published": f["published"], "flowDate": f["flowDate"]}
                    for f in self.platform.flows if f["org"] == args[0]
                    and (not after or f["published"] > after)]
        return 200, _paginated(rows, page_number, size), "application/json", None

    def op_flow(self, args, query, raw):
        f = self.platform.flow(args[0], args[1], int(args[2]), args[3])
        total = round(sum(p["pay"] for p in f["payments"]), 2)
        return 200, {
            "status": "PUBLISHED", "revision": f["revision"], "created": f["flowDate"],
            "updated": f["published"], "fdr": f["fdr"], "fdrDate": f["flowDate"],
            "regulation": f["regulation"], "regulationDate": f["regulationDate"],
            "bicCodePouringBank": "UNCRITMMXXX",
            "sender": {"type": "LEGAL_PERSON", "id": "SANDBOXPSP", "pspId": f["pspId"],
                       "pspName": "PSP di prova", "pspBrokerId": "70000000001",
                       "channelId": "80000000001_01"},
            "receiver": {"id": "APPBIT2B", "organizationId": f["org"],
                         "organizationName": "Comune di Esempio"},
            "published": f["published"], "computedTotPayments": len(f["payments"]),
            "computedSumPayments": total, "totPayments": len(f["payments"]),
            "sumPayments": total}, "application/json", None

    def op_flow_payments(self, args, query, raw):
        f = self.platform.flow(args[0], args[1], int(args[2]), args[3])
        return 200, _paginated(f["payments"], _int(query, "page", 1), _int(query, "size", 1000)), \
            "application/json", None

    # -- Checkout --
    def op_carts(self, args, query, raw):
        body = self._body(raw, "checkout_v2.CartRequestV2")
        cart_id = self.platform.open_cart(body)
        base = f"http://{self.headers.get('Host') or '127.0.0.1'}"
        return 302, b"", "", {"Location": f"{base}{PAGE}{cart_id}"}

    def _page(self, method, path, query, raw):
        if not path.startswith(PAGE):
            return False
        cart_id, _slash, action = path[len(PAGE):].partition("/")
        try:
            cart = self.platform.cart(cart_id)
        except Refused:
            return self._send(404, page.not_found(), "text/html; charset=utf-8")
        if method == "GET":
            return self._send(200, page.render(cart_id, cart, self.platform),
                              "text/html; charset=utf-8")
        urls = cart["request"]["returnUrls"]
        if action == "annulla":
            cart["outcome"] = "cancelled"
            return self._send(302, headers={"Location": urls["returnCancelUrl"]})
        if action == "paga":
            try:
                for notice in cart["request"]["paymentNotices"]:
                    self.platform.pay(notice["fiscalCode"], notice["noticeNumber"][1:])
            except Refused:
                cart["outcome"] = "error"
                return self._send(302, headers={"Location": urls["returnErrorUrl"]})
            cart["outcome"] = "paid"
            return self._send(302, headers={"Location": urls["returnOkUrl"]})
        self._send(404, page.not_found(), "text/html; charset=utf-8")

    def _control(self, method, path, query, raw):
        platform = self.platform
        cmd = json.loads(raw or b"{}") if method == "POST" else {}
        try:
            if path == "/_control/reset":
                platform.reset()
            elif path == "/_control/pay":
                platform.pay(cmd["organization"], cmd["iuv"], cmd.get("amount"),
                             payable_only=not cmd.get("force"))
            elif path == "/_control/expire":
                platform.expire(cmd["organization"], cmd["iupd"])
            elif path == "/_control/publish_flow":
                flow = platform.publish_flow(cmd["organization"], cmd.get("extra") or ())
                return self._send(200, {"fdr": flow["fdr"], "revision": flow["revision"],
                                        "pspId": flow["pspId"]})
            elif path == "/_control" and method == "POST":
                platform.set_mode(cmd.get("mode", "ok"), cmd.get("delay", 0), cmd.get("times"))
        except Refused as refused:
            return self._send(refused.status, {"detail": refused.detail})
        self._send(200, platform.state())


def _paginated(rows, page_number, size):
    chunk = rows[(page_number - 1) * size:page_number * size]
    return {"metadata": {"pageSize": size, "pageNumber": page_number,
                         "totPage": max(1, -(-len(rows) // size))},
            "count": len(chunk), "data": chunk}


def make_server(host="127.0.0.1", port=8083, subscription_key="sandbox-key"):
    return make_json_server(Handler, Platform(subscription_key), host, port)


def seed_demo(platform, creditor):
    """Publish the demo's foreign positions (``comune.istanze.demo.debts``),
    each validated as a create request would be; returns how many."""
    from comune.istanze.demo.debts import demo_positions
    from comune.istanze.integrations.pagopa.gpd import position_json

    for position in demo_positions(creditor):
        body = position_json(position)
        problems = errors("gpd.PaymentPositionModel", body)
        assert not problems, problems
        platform.create(creditor, body, publish=True)
    return len(platform.positions)


def serve(host, port, subscription_key="sandbox-key", demo_creditor=""):
    server = make_server(host, port, subscription_key)
    if demo_creditor:
        seed_demo(server.platform, demo_creditor)
    serve_until_interrupted(
        server, f"pagoPA di prova su http://{host}:{port} (GPD {GPD}, Checkout {CHECKOUT})")

"""State of the sandbox pagoPA: positions, payments, receipts, flows, carts.

Kept in memory, guarded by one lock. Shapes follow the official answers:
``PaymentPositionModel`` on create/update/publish/invalidate,
``PaymentPositionModelBaseResponse`` on read and list (which, as in the
official API, carry no debtor data).
"""

from datetime import datetime
from datetime import timedelta
from datetime import timezone
from decimal import Decimal
from sandbox.hooks import TestHooks
from sandbox.jsonapi import Refused  # noqa: F401 (raised here, imported by server.py)
from sandbox.pagopa.receipts import receipt_xml

import copy
import secrets
import threading




def now():
    return datetime.now(timezone.utc)


def stamp(when=None):
    return (when or now()).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def euro(cents):
    return float(Decimal(cents) / 100)


PSP = {"id": "60000000001", "name": "PSP di prova", "broker": "70000000001",
       "channel": "80000000001_01"}
PUBLISHED = ("VALID", "PUBLISHED")
ORDER = {"INSERTED_DATE": lambda p: p["insertedDate"], "IUPD": lambda p: p["iupd"],
         "STATUS": lambda p: p["status"], "COMPANY_NAME": lambda p: p.get("companyName", "")}


def _window(start, end):
    """(from, to) dates of a listing filter, or None when there is none."""
    if start is None and end is None:
        return None
    start = start or end - timedelta(days=30)
    return start, end or start + timedelta(days=30)


def _inside(value, window):
    """A stored date-time (UTC ``...Z``) falls on a day of ``window``."""
    if not value:
        return False
    day = datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    return window[0] <= day <= window[1]


class Platform(TestHooks):
    def __init__(self, subscription_key="sandbox-key", page_base=""):
        self.subscription_key = subscription_key
        self.page_base = page_base  # where the checkout page is served
        self.lock = threading.RLock()
        self.reset()

    def reset(self):
        with self.lock:
            self.positions = {}  # (org, iupd) -> stored PaymentPositionModel + read-only fields
            self.by_iuv = {}  # (org, iuv) -> iupd
            self.receipts = {}  # (org, iuv) -> {"xml": bytes, "summary": dict}
            self.unreported = []  # payments waiting for a reporting flow
            self.flows = []  # published flows, oldest first
            self.carts = {}
            self.reset_hooks()

    def state(self):
        with self.lock:
            return {"calls": self.calls, "mode": self.mode, "count": len(self.positions),
                    "positions": [{"organization": org, "iupd": iupd, "status": p["status"],
                                   "iuv": [o["iuv"] for o in p["paymentOption"]]}
                                  for (org, iupd), p in self.positions.items()],
                    "receipts": len(self.receipts), "flows": len(self.flows),
                    "carts": len(self.carts)}

    # -- GPD --
    def _get(self, org, iupd):
        position = self.positions.get((org, iupd))
        if position is None:
            raise Refused(404, "Not found", f"No debt position found for iupd {iupd}.")
        return position

    def create(self, org, body, publish=False):
        with self.lock:
            if (org, body["iupd"]) in self.positions:
                raise Refused(409, "Conflict", f"Debt position {body['iupd']} already exists.")
            self._check_options(org, body)
            position = copy.deepcopy(body)
            position.update(status="DRAFT", insertedDate=stamp(), lastUpdatedDate=stamp())
            for option in position["paymentOption"]:
                option.update(status="PO_UNPAID", nav=option.get("nav") or f"3{option['iuv']}")
                self.by_iuv[(org, option["iuv"])] = body["iupd"]
            self.positions[(org, body["iupd"])] = position
            if publish:
                self._publish(position)
            return self.model(position)

    def _check_options(self, org, body, iupd=None):
        options = body.get("paymentOption") or []
        if not options:
            raise Refused(400, "Bad Request", "paymentOption: at least one payment option.")
        for option in options:
            owner = self.by_iuv.get((org, option["iuv"]))
            if owner is not None and owner != iupd:
                raise Refused(409, "Conflict", f"IUV {option['iuv']} already used.")
            transfers = option.get("transfer") or []
            if not transfers or sum(t["amount"] for t in transfers) != option["amount"]:
                raise Refused(400, "Bad Request",
                              "The sum of the transfer amounts differs from the option amount.")
            for t in transfers:
                if not (t.get("iban") or t.get("postalIban") or t.get("stamp")):
                    raise Refused(400, "Bad Request", "A transfer needs an iban or a stamp.")
            ids = [t["idTransfer"] for t in transfers]
            if len(set(ids)) != len(ids):
                raise Refused(400, "Bad Request", "transfer: idTransfer must be unique.")
            if not any(t.get("organizationFiscalCode", org) == org for t in transfers):
                raise Refused(400, "Bad Request",
                              "transfer: at least one transfer to the creditor institution.")

    def _publish(self, position):
        position.update(status="VALID", publishDate=stamp(), lastUpdatedDate=stamp())

    def publish(self, org, iupd):
        with self.lock:
            position = self._get(org, iupd)
            if position["status"] != "DRAFT":
                raise Refused(409, "Conflict", "Debt position is not in publishable state.")
            self._publish(position)
            return self.model(position)

    def invalidate(self, org, iupd):
        with self.lock:
            position = self._get(org, iupd)
            if position["status"] not in PUBLISHED:
                raise Refused(409, "Conflict", "Debt position is not in invalidable state.")
            position.update(status="INVALID", lastUpdatedDate=stamp())
            return self.model(position)

    def update(self, org, iupd, body, publish=False):
        with self.lock:
            position = self._get(org, iupd)
            if position["status"] not in ("DRAFT",) + PUBLISHED:
                raise Refused(409, "Conflict", "Existing related payment found.")
            if body["iupd"] != iupd:
                raise Refused(400, "Bad Request", "iupd differs from the path.")
            self._check_options(org, body, iupd)
            for option in position["paymentOption"]:
                self.by_iuv.pop((org, option["iuv"]), None)
            kept = {k: position[k] for k in ("status", "insertedDate", "publishDate")
                    if k in position}
            position.clear()
            position.update(copy.deepcopy(body), **kept, lastUpdatedDate=stamp())
            for option in position["paymentOption"]:
                option.update(status="PO_UNPAID", nav=option.get("nav") or f"3{option['iuv']}")
                self.by_iuv[(org, option["iuv"])] = iupd
            if publish and position["status"] == "DRAFT":
                self._publish(position)
            return self.model(position)

    def model(self, position):
        """PaymentPositionModel (the answer of create/update/publish/invalidate)."""
        keep = ("iupd", "type", "payStandIn", "fiscalCode", "fullName", "streetName",
                "civicNumber", "postalCode", "city", "province", "region", "country", "email",
                "phone", "switchToExpired", "companyName", "officeName", "validityDate",
                "paymentDate", "status", "paymentOption")
        result = {k: copy.deepcopy(position[k]) for k in keep if k in position}
        for option in result["paymentOption"]:
            for k in ("status", "paymentDate", "idReceipt", "pspCompany", "idFlowReporting",
                      "reportingDate", "paymentMethod"):
                option.pop(k, None)
        return result

    def base_response(self, org, position):
        """PaymentPositionModelBaseResponse (read and list)."""
        head = ("iupd", "type", "companyName", "officeName", "insertedDate", "publishDate",
                "validityDate", "paymentDate", "status", "lastUpdatedDate")
        result = {k: position[k] for k in head if k in position}
        result["organizationFiscalCode"] = org
        result["paymentOption"] = []
        for option in position["paymentOption"]:
            o = {k: copy.deepcopy(v) for k, v in option.items() if k != "transfer"}
            o["organizationFiscalCode"] = org
            o["insertedDate"] = position["insertedDate"]
            o["transfer"] = [dict(t, organizationFiscalCode=t.get("organizationFiscalCode", org),
                                  status=t.get("status", "T_UNREPORTED"))
                             for t in option.get("transfer") or ()]
            result["paymentOption"].append(o)
        return result

    def read(self, org, iupd):
        with self.lock:
            return self.base_response(org, self._get(org, iupd))

    def listing(self, org, page=0, limit=10, status=None, due=(None, None), paid=(None, None),
                orderby="INSERTED_DATE", ordering="DESC"):
        """PaymentPositionsInfo. ``due``/``paid``: (from, to) dates; a bound
        given alone gets its partner 30 days away (as the spec says); a
        position matches ``due`` when one of its options falls due inside."""
        with self.lock:
            due, paid = _window(*due), _window(*paid)
            rows = [p for (o, _i), p in self.positions.items()
                    if o == org and (status is None or p["status"] == status)
                    and (due is None or any(_inside(op.get("dueDate"), due)
                                            for op in p["paymentOption"]))
                    and (paid is None or _inside(p.get("paymentDate"), paid))]
            key = ORDER[orderby]
            rows.sort(key=lambda p: (key(p), p["iupd"]), reverse=ordering == "DESC")
            chunk = rows[page * limit:(page + 1) * limit]
            return {"payment_position_list": [self.base_response(org, p) for p in chunk],
                    "page_info": {"page": page, "limit": limit, "items_found": len(chunk),
                                  "total_pages": max(1, -(-len(rows) // limit))}}

    def expire(self, org, iupd):
        """The position's validity ended (``switchToExpired``): EXPIRED."""
        with self.lock:
            position = self._get(org, iupd)
            if position["status"] not in PUBLISHED:
                raise Refused(409, "Conflict", "Debt position is not valid.")
            position.update(status="EXPIRED", lastUpdatedDate=stamp())

    # -- paying, receipts, reporting flows --
    def pay(self, org, iuv, amount=None, payable_only=True):
        """The citizen pays ``iuv`` (at the checkout or a PSP); ``amount`` in
        cents may differ from the due one (a test of mismatches)."""
        with self.lock:
            iupd = self.by_iuv.get((org, iuv))
            position = self.positions.get((org, iupd)) if iupd else None
            if position is None:
                raise Refused(404, "Not found", f"Unknown IUV {iuv}.")
            option = next(o for o in position["paymentOption"] if o["iuv"] == iuv)
            if payable_only and (position["status"] not in PUBLISHED
                                 or option["status"] != "PO_UNPAID"):
                raise Refused(409, "Conflict", "The payment notice is not payable.")
            paid = option["amount"] if amount is None else int(amount)
            when = now()
            receipt_id = secrets.token_hex(16)
            option.update(status="PO_PAID", paymentDate=stamp(when), idReceipt=receipt_id,
                          pspCompany=PSP["name"], paymentMethod="creditCard")
            position.update(status="PAID", paymentDate=stamp(when), lastUpdatedDate=stamp(when))
            self.receipts[(org, iuv)] = {
                "xml": receipt_xml(org, position, option, receipt_id, paid, when, PSP),
                "summary": {"organizationFiscalCode": org, "iuv": iuv,
                            "debtor": position.get("fiscalCode", ""),
                            "paymentDateTime": stamp(when)}}
            self.unreported.append({"org": org, "iuv": iuv, "amount": paid, "when": when,
                                    "transfers": len(option.get("transfer") or [1])})
            return receipt_id

    def receipt_list(self, org, page=0, size=20):
        with self.lock:
            rows = [r["summary"] for (o, _i), r in self.receipts.items() if o == org]
            chunk = rows[page * size:(page + 1) * size]
            if not rows:
                raise Refused(404, "Not found", "No receipts found.")
            return {"currentPageNumber": page, "length": len(chunk),
                    "totalPages": max(1, -(-len(rows) // size)), "results": chunk}

    def receipt(self, org, iuv):
        with self.lock:
            found = self.receipts.get((org, iuv))
            if found is None:
                raise Refused(404, "Not found", f"No receipt found for IUV {iuv}.")
            return found["xml"]

    def publish_flow(self, org, extra=()):
        """Publish a reporting flow of the payments not yet reported, plus
        ``extra`` rows ({iuv, amount cents, status}) for tests of mismatches."""
        with self.lock:
            rows = [p for p in self.unreported if p["org"] == org]
            self.unreported = [p for p in self.unreported if p["org"] != org]
            when = now()
            fdr = f"{when:%Y-%m-%d}{PSP['id']}-{len(self.flows) + 1:07d}"
            payments = []
            for row in rows + [dict(e, when=when) for e in extra]:
                payments.append({"index": len(payments) + 1, "iuv": row["iuv"],
                                 "iur": secrets.token_hex(8), "idTransfer": 1,
                                 "pay": euro(row["amount"]),
                                 "payStatus": row.get("status", "EXECUTED"),
                                 "payDate": stamp(row["when"])})
                self._mark_reported(org, row["iuv"], fdr, when)
            flow = {"fdr": fdr, "org": org, "revision": 1, "pspId": PSP["id"],
                    "published": stamp(when), "flowDate": stamp(when - timedelta(hours=1)),
                    "regulation": f"SCT{secrets.token_hex(6).upper()}",
                    "regulationDate": f"{when:%Y-%m-%d}", "payments": payments}
            self.flows.append(flow)
            return flow

    def _mark_reported(self, org, iuv, fdr, when):
        position = self.positions.get((org, self.by_iuv.get((org, iuv))))
        if position is None:
            return
        for option in position["paymentOption"]:
            if option["iuv"] == iuv:
                option.update(status="PO_REPORTED", idFlowReporting=fdr, reportingDate=stamp(when))
                for t in option.get("transfer") or ():
                    t["status"] = "T_REPORTED"
        if all(o["status"] == "PO_REPORTED" for o in position["paymentOption"]):
            position["status"] = "REPORTED"

    def flow(self, org, fdr, revision, psp_id):
        with self.lock:
            for f in self.flows:
                if (f["org"], f["fdr"], f["revision"], f["pspId"]) == (org, fdr, revision, psp_id):
                    return f
            raise Refused(404, "Not Found", f"Flow {fdr} not found.")

    # -- checkout --
    def open_cart(self, body):
        with self.lock:
            cart_id = secrets.token_urlsafe(12)
            self.carts[cart_id] = {"request": copy.deepcopy(body), "outcome": None}
            return cart_id

    def cart(self, cart_id):
        with self.lock:
            found = self.carts.get(cart_id)
            if found is None:
                raise Refused(404, "Not Found", "Cart not found.")
            return found

"""What the sandbox INAD knows and answers: domiciles, list requests, calls.

Answers follow ``inad_api_extraction.yaml`` (shapes checked in the tests
against the copied schemas). One deviation, on purpose: the spec marks
``usageInfo`` (``motivation``, ``dateEndValidity``) required in every
``Element_Digital_Address``, but both describe a cessation; the sandbox
sends it only for a ceased domicile (the client accepts both).

List requests are processed "asynchronously": the first ``polls_needed``
state calls answer ``IN_ELABORAZIONE``, then ``DISPONIBILE`` (303).
"""

from datetime import date
from datetime import datetime
from datetime import timezone
from sandbox.hooks import TestHooks
from sandbox.inad import DEMO_DOMICILES

import re
import threading
import uuid


CF = re.compile(r"^(?:[0-9]{11}|[A-Za-z]{6}[0-9]{2}[A-Za-z][0-9]{2}[A-Za-z][0-9]{3}[A-Za-z])$")
PEC = re.compile(r"^[a-zA-Z0-9_.+-]+@[a-zA-Z0-9-]+\.[a-zA-Z0-9-.]+$")
LIST_MAX = 1000


class Problem(Exception):
    TYPES = {400: "BAD_REQUEST", 401: "UNAUTHORIZED", 403: "FORBIDDEN", 404: "NOT_FOUND",
             500: "INTERNAL_SERVER_ERROR", 503: "SERVICE_UNAVAILABLE"}

    def __init__(self, status, detail):
        super().__init__(detail)
        self.status, self.detail = status, detail

    def body(self):
        return {"status": str(self.status), "type": self.TYPES.get(self.status, "BAD_REQUEST"),
                "detail": self.detail}


def now_iso():
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _when(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def element(dom):
    item = {"digitalAddress": dom.address}
    if dom.profession:
        item["practicedProfession"] = dom.profession
    if dom.ended:
        item["usageInfo"] = {"motivation": dom.motivation, "dateEndValidity": dom.ended}
    return item


def check_cf(cf):
    if not CF.match(cf or ""):
        raise Problem(400, f"codice_fiscale {cf!r} does not match the CodiceFiscale pattern")
    return cf.upper()


def check_reference(reference):
    if not (reference or "").strip():
        raise Problem(400, "practicalReference is required")
    return reference


class Index(TestHooks):
    def __init__(self, domiciles=DEMO_DOMICILES, polls_needed=1):
        self.domiciles = {}
        for dom in domiciles:
            self.domiciles.setdefault(dom.codice_fiscale, []).append(dom)
        self.polls_needed = polls_needed
        self.lock = threading.Lock()
        self.reset()

    def reset(self):
        with self.lock:
            self.lists = {}
            self.log = []
            self.reset_hooks()

    def record(self, operation, audit, **detail):
        with self.lock:
            self.log.append({"at": now_iso(), "operation": operation,
                             "userID": (audit or {}).get("userID"), **detail})

    def state(self):
        with self.lock:
            return {"calls": self.calls, "mode": self.mode, "log": list(self.log),
                    "lists": {k: {"count": len(v["cfs"]), "state": self._state(v)}
                              for k, v in self.lists.items()}}

    # -- API ESTRAZIONI PUNTUALI ---------------------------------------------

    def answer(self, cf):
        """Response_Request_Digital_Address of ``cf`` (its domiciles, maybe none)."""
        return {"codiceFiscale": cf, "since": now_iso(),
                "digitalAddress": [element(d) for d in self.domiciles.get(cf, ())]}

    def extract(self, cf, reference):
        cf, _ref = check_cf(cf), check_reference(reference)
        if cf not in self.domiciles:
            raise Problem(404, "No digital address for the given codice fiscale")
        return self.answer(cf)

    def verify(self, cf, address, since, reference):
        cf, _ref = check_cf(cf), check_reference(reference)
        if not PEC.match(address or ""):
            raise Problem(400, "digital_address does not match the Digital_Address pattern")
        try:
            day = date.fromisoformat(since or "")
        except ValueError:
            raise Problem(400, "since must be a date yyyy-MM-dd") from None
        at = datetime(day.year, day.month, day.day, 12, tzinfo=timezone.utc)
        outcome = any(
            d.address.lower() == address.lower() and _when(d.elected) <= at
            and (not d.ended or _when(d.ended) > at)
            for d in self.domiciles.get(cf, ()))
        return {"outcome": outcome, "dateTimeCheck": now_iso()}

    # -- API ESTRAZIONI MULTIPLE ---------------------------------------------

    def create_list(self, payload):
        from sandbox.inad.schemas import errors

        problems = errors("Request_List_Digital_Address", payload)
        if problems:
            raise Problem(400, "; ".join(problems))
        cfs = payload["codiciFiscali"]
        if not cfs or len(cfs) > LIST_MAX:
            raise Problem(400, f"codiciFiscali: from 1 to {LIST_MAX} codes")
        cfs = [check_cf(cf) for cf in cfs]
        check_reference(payload["praticalReference"])
        request_id, requested = str(uuid.uuid4()), now_iso()
        with self.lock:
            self.lists[request_id] = {"cfs": cfs, "polls": 0, "requested": requested,
                                      "reference": payload["praticalReference"]}
        return request_id, {"state": "PRESA_IN_CARICO", "message": "Richiesta elenco presa in carico",
                            "id": request_id, "dateTimeRequest": requested}

    def _state(self, item):
        return "DISPONIBILE" if item["polls"] >= self.polls_needed else "IN_ELABORAZIONE"

    def _list(self, request_id):
        item = self.lists.get(request_id)
        if item is None:
            raise Problem(404, f"No list request {request_id}")
        return item

    def list_state(self, request_id):
        with self.lock:
            item = self._list(request_id)
            state = self._state(item)
            item["polls"] += 1
        if state == "DISPONIBILE":
            return True, {"state": state, "message": "Richiesta elenco disponibile"}
        return False, {"state": state, "message": "Richiesta elenco in elaborazione"}

    def list_response(self, request_id):
        with self.lock:
            item = self._list(request_id)
            if self._state(item) != "DISPONIBILE":
                raise Problem(404, f"List {request_id} not available yet")
            cfs = list(item["cfs"])
        return {"list": [self.answer(cf) for cf in cfs]}

"""The sandbox App IO over HTTP: the operations of ``io-functions-services``
comune.istanze's client uses, under the spec's base path ``/api/v1``:

- ``POST /profiles`` (getProfileByPOST, ``FiscalCodePayload``) and
  ``GET /profiles/{fiscal_code}`` (getProfile): ``LimitedProfile`` or 404;
- ``POST /messages`` (submitMessageforUserWithFiscalCodeInBody) and
  ``POST /messages/{fiscal_code}`` (submitMessageforUser): ``NewMessage``
  validated against the spec's schema (``schemas/``; subject 10–120,
  markdown 80–10000, ``payment_data``...), 201 ``{"id"}`` + ``Location``;
- ``GET /messages/{fiscal_code}/{id}`` (getMessage):
  ``ExternalMessageResponseWithContent`` (status PROCESSED, or ACCEPTED while
  processing is held, REJECTED for citizens who refuse the service).

Every API call needs the key in ``Ocp-Apim-Subscription-Key`` (401 without
a body otherwise, as the spec). ``GET /`` is the inbox page (every message
received, per fiscal code). Test hooks: ``POST /_control`` ``{"mode":
"ok|down|slow|fail|lose_response", "delay", "times"}``, ``GET
/_control/state``, ``POST /_control/reset``, ``POST /_control/profile``
``{"fiscal_code", "sender_allowed": true|false|"absent"}``, ``POST
/_control/hold`` ``{"hold": true|false}`` (processing held / finished),
``GET /_control/inbox?fiscal_code=``.
"""

from sandbox.appio import page
from sandbox.appio.platform import AppIO
from sandbox.appio.schemas import errors
from sandbox.appio.schemas import FISCAL_CODE
from sandbox.hooks import serve_until_interrupted
from sandbox.jsonapi import JsonApiHandler
from sandbox.jsonapi import make_json_server
from sandbox.jsonapi import Refused

import json
import re


BASE = "/api/v1"
JSON = "application/json"
SEG = r"([^/]+)"
ROUTES = [(m, re.compile(f"^{BASE}{p}$"), h) for m, p, h in (
    ("POST", "/profiles", "profile_post"),
    ("GET", f"/profiles/{SEG}", "profile_get"),
    ("POST", "/messages", "submit_body"),
    ("POST", f"/messages/{SEG}", "submit_path"),
    ("GET", f"/messages/{SEG}/{SEG}", "read"),
)]


class Handler(JsonApiHandler):
    platform: AppIO = None
    routes = ROUTES
    schema_errors = staticmethod(errors)
    invalid = "Invalid payload"  # the spec's 400 description

    def _problem(self, refused, path=""):
        self._send(refused.status, {"type": "about:blank", "title": refused.title,
                                    "status": refused.status, "detail": refused.detail},
                   "application/problem+json")

    def _page(self, method, path, query, raw):
        if path not in ("/", "/inbox") or method != "GET":
            return False
        cf = (query.get("fiscal_code") or [None])[0]
        return self._send(200, page.render(self.platform, cf), "text/html; charset=utf-8")

    def _authorized(self, path, query):
        return self.headers.get("Ocp-Apim-Subscription-Key") == self.platform.subscription_key

    @staticmethod
    def _fiscal_code(value):
        if not FISCAL_CODE.match(value or ""):
            raise Refused(400, "Invalid fiscal code", f"{value!r} is not a valid fiscal code.")
        return value

    def op_profile_post(self, args, query, raw):
        body = self._body(raw, "FiscalCodePayload")
        return 200, self.platform.profile(self._fiscal_code(body.get("fiscal_code"))), JSON, None

    def op_profile_get(self, args, query, raw):
        return 200, self.platform.profile(self._fiscal_code(args[0])), JSON, None

    def _submit(self, fiscal_code, body):
        message_id = self.platform.submit(self._fiscal_code(fiscal_code), body)
        location = f"{BASE}/messages/{fiscal_code}/{message_id}"
        return 201, {"id": message_id}, JSON, {"Location": location}

    def op_submit_body(self, args, query, raw):
        body = self._body(raw, "NewMessage")
        if not body.get("fiscal_code"):
            raise Refused(400, "Invalid payload", "fiscal_code: required in the body.")
        return self._submit(body["fiscal_code"], body)

    def op_submit_path(self, args, query, raw):
        return self._submit(args[0], self._body(raw, "NewMessage"))

    def op_read(self, args, query, raw):
        return 200, self.platform.read(self._fiscal_code(args[0]), args[1]), JSON, None

    def _control(self, method, path, query, raw):
        platform = self.platform
        cmd = json.loads(raw or b"{}") if method == "POST" else {}
        if path == "/_control/reset":
            platform.reset()
        elif path == "/_control/profile":
            platform.set_profile(cmd["fiscal_code"], cmd.get("sender_allowed", True))
        elif path == "/_control/hold":
            if cmd.get("hold"):
                platform.hold_processing()
            else:
                platform.finish_processing()
        elif path == "/_control/inbox":
            cf = (query.get("fiscal_code") or [None])[0]
            return self._send(200, platform.inbox(cf))
        elif path == "/_control" and method == "POST":
            platform.set_mode(cmd.get("mode", "ok"), cmd.get("delay", 0), cmd.get("times"))
        self._send(200, platform.state())


def make_server(host="127.0.0.1", port=8088, subscription_key="sandbox-appio-key"):
    return make_json_server(Handler, AppIO(subscription_key), host, port)


def serve(host, port, subscription_key="sandbox-appio-key"):
    server = make_server(host, port, subscription_key)
    serve_until_interrupted(server, f"App IO di prova su http://{host}:{port}{BASE} "
                                    f"(messaggi ricevuti: http://{host}:{port}/)")

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

from http.server import BaseHTTPRequestHandler
from http.server import ThreadingHTTPServer
from sandbox.appio import page
from sandbox.appio.platform import AppIO
from sandbox.appio.platform import Refused
from sandbox.appio.schemas import errors
from sandbox.appio.schemas import FISCAL_CODE
from sandbox.hooks import enter
from sandbox.hooks import lose_answer
from sandbox.hooks import serve_until_interrupted
from urllib.parse import parse_qs
from urllib.parse import unquote
from urllib.parse import urlsplit

import json
import re


BASE = "/api/v1"
SEG = r"([^/]+)"
ROUTES = [(m, re.compile(f"^{BASE}{p}$"), h) for m, p, h in (
    ("POST", "/profiles", "profile_post"),
    ("GET", f"/profiles/{SEG}", "profile_get"),
    ("POST", "/messages", "submit_body"),
    ("POST", f"/messages/{SEG}", "submit_path"),
    ("GET", f"/messages/{SEG}/{SEG}", "read"),
)]


class Handler(BaseHTTPRequestHandler):
    platform: AppIO = None
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def _send(self, status, body=b"", ctype="application/json", headers=None):
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode("utf-8")
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if body:
            self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _problem(self, refused):
        self._send(refused.status, {"type": "about:blank", "title": refused.title,
                                    "status": refused.status, "detail": refused.detail},
                   "application/problem+json")

    def do_GET(self):
        self._dispatch("GET")

    def do_POST(self):
        self._dispatch("POST")

    def _dispatch(self, method):
        url = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        if url.path.startswith("/_control"):
            return self._control(method, url.path, parse_qs(url.query), raw)
        if url.path in ("/", "/inbox") and method == "GET":
            cf = (parse_qs(url.query).get("fiscal_code") or [None])[0]
            return self._send(200, page.render(self.platform, cf), "text/html; charset=utf-8")
        for route_method, regex, name in ROUTES:
            match = regex.match(url.path)
            if match and route_method == method:
                return self._api(name, [unquote(g) for g in match.groups()], raw)
        self._problem(Refused(404, "Not Found", url.path))

    def _api(self, name, args, raw):
        if self.headers.get("Ocp-Apim-Subscription-Key") != self.platform.subscription_key:
            return self._send(401)  # the spec: no body
        mode = enter(self, self.platform)
        if mode is None:
            return None
        if mode == "fail":
            return self._problem(Refused(500, "Internal Server Error", "Simulated failure."))
        try:
            status, body, headers = getattr(self, f"op_{name}")(args, raw)
        except Refused as refused:
            return self._problem(refused)
        if mode == "lose_response":
            return lose_answer(self)  # done, but the caller never hears it
        self._send(status, body, headers=headers)

    @staticmethod
    def _body(raw, schema):
        try:
            body = json.loads(raw or b"null")
        except ValueError:
            raise Refused(400, "Invalid payload", "The body is not JSON.") from None
        problems = errors(schema, body)
        if problems:
            raise Refused(400, "Invalid payload", "; ".join(problems))
        return body

    @staticmethod
    def _fiscal_code(value):
        if not FISCAL_CODE.match(value or ""):
            raise Refused(400, "Invalid fiscal code", f"{value!r} is not a valid fiscal code.")
        return value

    def op_profile_post(self, args, raw):
        body = self._body(raw, "FiscalCodePayload")
        return 200, self.platform.profile(self._fiscal_code(body.get("fiscal_code"))), None

    def op_profile_get(self, args, raw):
        return 200, self.platform.profile(self._fiscal_code(args[0])), None

    def _submit(self, fiscal_code, body):
        message_id = self.platform.submit(self._fiscal_code(fiscal_code), body)
        location = f"{BASE}/messages/{fiscal_code}/{message_id}"
        return 201, {"id": message_id}, {"Location": location}

    def op_submit_body(self, args, raw):
        body = self._body(raw, "NewMessage")
        if not body.get("fiscal_code"):
            raise Refused(400, "Invalid payload", "fiscal_code: required in the body.")
        return self._submit(body["fiscal_code"], body)

    def op_submit_path(self, args, raw):
        return self._submit(args[0], self._body(raw, "NewMessage"))

    def op_read(self, args, raw):
        return 200, self.platform.read(self._fiscal_code(args[0]), args[1]), None

    def _control(self, method, path, query, raw):
        platform = self.platform
        cmd = json.loads(raw or b"{}") if method == "POST" else {}
        if path == "/_control/reset":
            platform.reset()
        elif path == "/_control/profile":
            platform.set_profile(cmd["fiscal_code"], cmd.get("sender_allowed", True))
        elif path == "/_control/hold":
            if cmd.get("hold"):
                platform.hold = True
            else:
                platform.finish_processing()
        elif path == "/_control/inbox":
            cf = (query.get("fiscal_code") or [None])[0]
            return self._send(200, platform.inbox(cf))
        elif path == "/_control" and method == "POST":
            platform.set_mode(cmd.get("mode", "ok"), cmd.get("delay", 0), cmd.get("times"))
        self._send(200, platform.state())


def make_server(host="127.0.0.1", port=8088, subscription_key="sandbox-appio-key"):
    platform = AppIO(subscription_key)
    handler = type("BoundHandler", (Handler,), {"platform": platform})
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    server.platform = platform
    return server


def serve(host, port, subscription_key="sandbox-appio-key"):
    server = make_server(host, port, subscription_key)
    serve_until_interrupted(server, f"App IO di prova su http://{host}:{port}{BASE} "
                                    f"(messaggi ricevuti: http://{host}:{port}/)")

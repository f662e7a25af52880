"""The HTTP handler base of the JSON simulators (PDND, INAD, ANPR, webhooks, and
through :mod:`sandbox.jsonapi` pagoPA and App IO): quiet, keep-alive,
``_send(status, body, content_type, headers)`` with dicts/lists sent as JSON."""

from http.server import BaseHTTPRequestHandler

import json


class JSONHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def _send(self, status, body=b"", ctype="application/json", headers=None):
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode("utf-8")
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if body or status != 302:  # a bare redirect has no content
            self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

"""The HTTP handler base of the JSON simulators: quiet, HTTP/1.1, ``_send``
(bytes) and ``_json`` (a value as JSON)."""

from http.server import BaseHTTPRequestHandler

import json


class JSONHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def _send(self, status, body, ctype="application/json"):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _json(self, status, value, ctype="application/json"):
        return self._send(status, json.dumps(value).encode(), ctype)

"""The sandbox PDND over HTTP (``pdnd-v2.yaml``, operation ``createToken``).

- ``POST /token.oauth2`` (form): a voucher for a valid client assertion
  (``authority.py``), 400/401 with a Problem otherwise;
- ``GET /.well-known/jwks.json``: the public key that signs the vouchers;
- test hooks under ``/_control`` (``sandbox/hooks.py``): ``{"mode":
  "ok|down|slow|fail|lose_response", "delay": s, "times": n}``; "fail"
  answers 500, "lose_response" issues the voucher and drops the connection;
  ``GET /_control/state`` (calls, vouchers issued, requests refused),
  ``POST /_control/reset``.
"""

from sandbox.hooks import control
from sandbox.hooks import enter
from sandbox.hooks import lose_answer
from sandbox.hooks import bound_server
from sandbox.hooks import serve_until_interrupted
from sandbox.jsonhttp import JSONHandler
from sandbox.pdnd import VOUCHER_KID
from sandbox.pdnd.authority import Authority
from sandbox.pdnd.authority import Denied
from urllib.parse import parse_qsl

import json


class Handler(JSONHandler):
    authority: Authority = None

    def do_GET(self):
        path = self.path.split("?")[0]
        if control(self, self.authority, "GET", path):
            return None
        if path == "/.well-known/jwks.json":
            from jwt.algorithms import RSAAlgorithm
            from cryptography.hazmat.primitives.serialization import load_pem_private_key

            key = load_pem_private_key(self.authority.signing_key.encode(), None).public_key()
            jwk = json.loads(RSAAlgorithm.to_jwk(key)) | {"kid": VOUCHER_KID, "use": "sig",
                                                          "alg": "RS256"}
            return self._send(200, {"keys": [jwk]})
        return self._send(404, b"not found", "text/plain")

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        path = self.path.split("?")[0]
        if control(self, self.authority, "POST", path, body):
            return None
        if path != "/token.oauth2":
            return self._send(404, b"not found", "text/plain")
        mode = enter(self, self.authority)
        if mode is None:
            return None
        if mode == "fail":
            return self._send(500, {"type": "about:blank", "status": 500,
                                    "title": "Internal Server Error", "errors": []})
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip()
        if ctype != "application/x-www-form-urlencoded":
            return self._send(400, Denied(400, "015-0000", "expected a form body").problem())
        form = dict(parse_qsl(body.decode("utf-8", "replace")))
        try:
            answer = self.authority.issue(form)
        except Denied as exc:
            return self._send(exc.status, exc.problem())
        if mode == "lose_response":
            return lose_answer(self)
        return self._send(200, answer, headers={"Cache-Control": "no-cache, no-store"})


def make_server(host="127.0.0.1", port=8085, **options):
    authority = Authority(**options)
    return bound_server(Handler, host, port, authority=authority)


def serve(host, port, **options):
    server = make_server(host, port, **options)
    serve_until_interrupted(server, f"PDND di prova (voucher) su http://{host}:{port}/token.oauth2")

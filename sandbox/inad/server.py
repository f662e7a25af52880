"""The sandbox INAD over HTTP: every operation of ``inad_api_extraction.yaml``.

Under ``/rest/inad/v1/domiciliodigitale`` (the official base path):

- ``GET /extract/{codice_fiscale}?practicalReference=`` (recuperoDomicilioDigitale);
- ``GET /verify/{codice_fiscale}?digital_address=&since=&practicalReference=``
  (verificaDomicilioDigitale);
- ``POST /listDigitalAddress`` (richiestaElencoDomiciliDigitali: 202 +
  ``Location``), ``GET /listDigitalAddress/state/{id}`` (200 in
  elaborazione, 303 + ``Location`` when ready) and
  ``GET /listDigitalAddress/response/{id}``.

Every call must carry a voucher of the sandbox PDND for INAD's audience and
the ModI headers (``sandbox.pdnd.verify_call``): 401/400 ``Errore``
otherwise. ``GET /`` is a page with the demo domiciles and the calls
received (operation, codice fiscale, practicalReference, audit userID).
Test hooks under ``/_control`` (``sandbox/hooks.py``): "fail" answers 500,
"down" 503, "slow" waits, "lose_response" does the work and drops the
connection; ``GET /_control/state``, ``POST /_control/reset``.
"""

from html import escape
from sandbox.hooks import control
from sandbox.hooks import enter
from sandbox.hooks import lose_answer
from sandbox.hooks import bound_server
from sandbox.hooks import serve_until_interrupted
from sandbox.jsonhttp import JSONHandler
from sandbox.inad import AUDIENCE
from sandbox.inad import BASE_PATH
from sandbox.inad.index import Index
from sandbox.inad.index import Problem
from sandbox.pdnd import Refused
from sandbox.pdnd import verify_call
from urllib.parse import parse_qs
from urllib.parse import unquote
from urllib.parse import urlsplit

import json
import re


SEG = r"([^/]+)"
ROUTES = [(m, re.compile(f"^{BASE_PATH}{p}$"), h) for m, p, h in (
    ("GET", f"/extract/{SEG}", "extract"),
    ("GET", f"/verify/{SEG}", "verify"),
    ("POST", "/listDigitalAddress", "create_list"),
    ("GET", f"/listDigitalAddress/state/{SEG}", "list_state"),
    ("GET", f"/listDigitalAddress/response/{SEG}", "list_response"),
)]

PAGE = """<!DOCTYPE html>
<html lang="it"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>INAD di prova</title>
<style>body{{font-family:sans-serif;margin:1rem}}table{{border-collapse:collapse;width:100%}}
td,th{{border:1px solid #ccc;padding:.3rem;text-align:left;font-size:.9rem}}
.wrap{{overflow-x:auto}}</style></head><body>
<h1>INAD di prova: domicili digitali</h1>
<p>Cittadini demo (codici fiscali finti) e domicili digitali (PEC finte).</p>
<div class="wrap"><table><thead><tr><th>Codice fiscale</th><th>Domicilio digitale</th>
<th>Professione</th><th>Cessato</th></tr></thead><tbody>{domiciles}</tbody></table></div>
<h2>Richieste ricevute ({count})</h2>
<div class="wrap"><table><thead><tr><th>Quando</th><th>Operazione</th><th>Dettaglio</th>
<th>Utente (audit)</th></tr></thead><tbody>{calls}</tbody></table></div></body></html>"""


def _row(*cells):
    return "<tr>" + "".join(f"<td>{escape(str(c or ''))}</td>" for c in cells) + "</tr>"


class Handler(JSONHandler):
    index: Index = None

    def do_GET(self):
        self._dispatch("GET")

    def do_POST(self):
        self._dispatch("POST")

    def _page(self):
        doms = "".join(_row(d.codice_fiscale, d.address, d.profession, d.ended[:10])
                       for ds in self.index.domiciles.values() for d in ds)
        log = self.index.state()["log"]
        calls = "".join(_row(c["at"], c["operation"], c.get("detail"), c["userID"])
                        for c in reversed(log))
        page = PAGE.format(domiciles=doms, calls=calls, count=len(log))
        return self._send(200, page.encode(), "text/html; charset=utf-8")

    def _dispatch(self, method):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        url = urlsplit(self.path)
        if control(self, self.index, method, url.path, body):
            return None
        if method == "GET" and url.path == "/":
            return self._page()
        for verb, pattern, name in ROUTES:
            match = pattern.match(url.path)
            if verb == method and match:
                break
        else:
            return self._send(404, Problem(404, "Unknown operation").body(),
                              "application/problem+json")
        mode = enter(self, self.index)
        if mode is None:
            return None
        try:
            if mode == "fail":
                raise Problem(500, "Internal error (sandbox fault mode)")
            try:
                _voucher, audit = verify_call(self.headers, body, AUDIENCE)
            except Refused as exc:
                raise Problem(exc.status, exc.detail) from None
            query = {k: v[0] for k, v in parse_qs(url.query).items()}
            status, answer, headers = getattr(self, "op_" + name)(
                [unquote(g) for g in match.groups()], query, body, audit)
        except Problem as exc:
            return self._send(exc.status, exc.body(), "application/problem+json")
        if mode == "lose_response":
            return lose_answer(self)
        return self._send(status, answer, headers=headers)

    def op_extract(self, args, query, body, audit):
        ref = query.get("practicalReference")
        self.index.record("extract", audit, detail=f"{args[0]} ({ref})")
        return 200, self.index.extract(args[0], ref), None

    def op_verify(self, args, query, body, audit):
        ref = query.get("practicalReference")
        self.index.record("verify", audit, detail=f"{args[0]} {query.get('digital_address')}")
        return 200, self.index.verify(args[0], query.get("digital_address"), query.get("since"),
                                      ref), None

    def op_create_list(self, args, query, body, audit):
        try:
            payload = json.loads(body or b"null")
        except ValueError:
            raise Problem(400, "body is not JSON") from None
        request_id, answer = self.index.create_list(payload)
        self.index.record("listDigitalAddress", audit,
                          detail=f"{len(payload['codiciFiscali'])} codici ({request_id})")
        return 202, answer, {"Location": f"{BASE_PATH}/listDigitalAddress/state/{request_id}"}

    def op_list_state(self, args, query, body, audit):
        ready, answer = self.index.list_state(args[0])
        self.index.record("listDigitalAddress/state", audit, detail=f"{args[0]} {answer['state']}")
        if ready:
            return 303, answer, {"Location": f"{BASE_PATH}/listDigitalAddress/response/{args[0]}"}
        return 200, answer, None

    def op_list_response(self, args, query, body, audit):
        answer = self.index.list_response(args[0])
        self.index.record("listDigitalAddress/response", audit, detail=args[0])
        return 200, answer, None


def make_server(host="127.0.0.1", port=8087, **options):
    index = Index(**options)
    return bound_server(Handler, host, port, index=index)


def serve(host, port, **options):
    server = make_server(host, port, **options)
    serve_until_interrupted(server, f"INAD di prova su http://{host}:{port}{BASE_PATH}")

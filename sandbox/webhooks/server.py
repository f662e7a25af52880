"""The sandbox receiver of the product's webhooks, on 127.0.0.1.

- ``POST /events``: a CloudEvent (structured JSON). The signature is checked
  (``verify.py``); the event is stored with the outcome and flagged as a
  duplicate when its id was already received. Answers 200 (also for a
  duplicate: already taken), 401 for a bad signature, 400 for no CloudEvent.
- ``GET /``: the page of the received events (time, type, subject, id,
  signature OK/KO, duplicate), newest first; ``GET /events.json``: the same
  as JSON, oldest first.
- test hooks under ``/_control`` (``sandbox/hooks.py``): ``{"mode":
  "ok|down|slow|fail|lose_response", "delay": s, "times": n}``; "fail"
  answers 500 without storing, "lose_response" stores and drops the
  connection (the sender will send it again: a duplicate);
  ``GET /_control/state``, ``POST /_control/reset``.
"""

from datetime import datetime
from html import escape
from sandbox.hooks import TestHooks
from sandbox.hooks import enter
from sandbox.hooks import lose_answer
from sandbox.hooks import bound_server
from sandbox.hooks import serve_until_interrupted
from sandbox.jsonhttp import JSONHandler
from sandbox.webhooks import verify

import json
import threading


class Inbox(TestHooks):
    """What the receiver got: every delivery, in arrival order."""

    def __init__(self, secret=None, public_key=None):
        self.secret, self.public_key = secret, public_key
        self.lock = threading.Lock()
        self.reset()

    def reset(self):
        with self.lock:
            self.received = []
            self.reset_hooks()

    def take(self, headers, body):
        ok, reason = verify.check(headers, body, self.secret, self.public_key)
        try:
            event = json.loads(body)
        except ValueError:
            event = None
        if not isinstance(event, dict) or event.get("specversion") != "1.0" or "id" not in event:
            return 400, None
        with self.lock:
            duplicate = any(r["id"] == event["id"] and r["signature_ok"] for r in self.received)
            entry = {"received": datetime.now().isoformat(timespec="seconds"),
                     "id": event["id"], "type": event.get("type"), "subject": event.get("subject"),
                     "time": event.get("time"), "source": event.get("source"),
                     "signature_ok": ok, "signature": reason, "duplicate": duplicate and ok,
                     "data": event.get("data")}
            self.received.append(entry)
        return (200 if ok else 401), entry

    def listing(self):
        with self.lock:
            return [dict(r) for r in self.received]

    def state(self):
        with self.lock:
            unique = {r["id"] for r in self.received if r["signature_ok"]}
            return {"calls": self.calls, "mode": self.mode, "count": len(self.received),
                    "unique": len(unique)}


PAGE = """<!DOCTYPE html>
<html lang="it"><head><meta charset="utf-8"><meta http-equiv="refresh" content="5">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Ricevitore di eventi (sandbox)</title>
<style>body{{font-family:sans-serif;margin:1rem}}table{{border-collapse:collapse;width:100%}}
td,th{{border:1px solid #ccc;padding:.3rem;text-align:left;vertical-align:top;font-size:.9rem}}
.ko{{color:#a00;font-weight:bold}}.ok{{color:#060}}.dup{{background:#fff6d5}}
.wrap{{overflow-x:auto}}code{{word-break:break-all}}
@media (max-width:700px){{table,tbody,tr,td{{display:block;width:auto}}thead{{display:none}}
tr{{border:1px solid #ccc;margin-bottom:.6rem}}td{{border:0;border-bottom:1px solid #eee}}
td::before{{content:attr(data-label) ": ";font-weight:bold}}}}</style></head><body>
<h1>Ricevitore di eventi del Comune (sandbox)</h1>
<p>Eventi CloudEvents ricevuti da comune.istanze, dal più recente ({count} consegne,
{unique} eventi distinti). La pagina si aggiorna da sola.</p>
<div class="wrap"><table><thead><tr><th>Ricevuto</th><th>Tipo</th><th>Istanza</th>
<th>Soggetto (UID)</th><th>Id</th><th>Firma</th><th>Duplicato</th></tr></thead>
<tbody>{rows}</tbody></table></div></body></html>"""


def row(entry):
    data = entry.get("data") or {}
    number = f"{data.get('number') or ''} ({data.get('state') or ''})"
    sig = ("<span class='ok'>OK</span>" if entry["signature_ok"]
           else f"<span class='ko'>KO</span> {escape(entry['signature'])}")
    received = datetime.fromisoformat(entry["received"]).strftime("%d/%m/%Y %H:%M:%S")
    cells = (("Ricevuto", escape(received)), ("Tipo", escape(str(entry["type"]))),
             ("Istanza", escape(number)),
             ("Soggetto (UID)", f"<code>{escape(str(entry['subject']))}</code>"),
             ("Id", f"<code>{escape(str(entry['id']))}</code>"), ("Firma", sig),
             ("Duplicato", "sì" if entry["duplicate"] else "no"))
    tds = "".join(f"<td data-label='{label}'>{value}</td>" for label, value in cells)
    return f"<tr class='{'dup' if entry['duplicate'] else ''}'>{tds}</tr>"


class Handler(JSONHandler):
    inbox: Inbox = None

    def do_GET(self):
        path = self.path.split("?")[0]
        if path == "/_control/state":
            return self._send(200, self.inbox.state())
        if path == "/events.json":
            return self._send(200, {"items": self.inbox.listing()})
        if path == "/":
            state = self.inbox.state()
            rows = "".join(row(e) for e in reversed(self.inbox.listing()))
            page = PAGE.format(count=state["count"], unique=state["unique"], rows=rows)
            return self._send(200, page.encode(), "text/html; charset=utf-8")
        return self._send(404, b"not found", "text/plain")

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        path = self.path.split("?")[0]
        if path == "/_control/reset":
            self.inbox.reset()
            return self._send(200, {})
        if path == "/_control":
            cmd = json.loads(body or b"{}")
            self.inbox.set_mode(cmd.get("mode", "ok"), cmd.get("delay", 0), cmd.get("times"))
            return self._send(200, self.inbox.state())
        if path != "/events":
            return self._send(404, b"not found", "text/plain")
        mode = enter(self, self.inbox)
        if mode is None:
            return None
        if mode == "fail":
            return self._send(500, {"error": "errore interno del ricevitore"})
        headers = {k.lower(): v for k, v in self.headers.items()}
        status, entry = self.inbox.take(headers, body)
        if mode == "lose_response":
            return lose_answer(self)
        if entry is None:
            return self._send(400, {"error": "non è un CloudEvent 1.0 in JSON"})
        return self._send(status, {"id": entry["id"], "duplicate": entry["duplicate"],
                                   "signature": entry["signature"]})


def make_server(host="127.0.0.1", port=8084, secret=None, public_key=None):
    inbox = Inbox(secret, public_key)
    return bound_server(Handler, host, port, inbox=inbox)


def serve(host, port, secret=None, public_key=None):
    server = make_server(host, port, secret, public_key)
    serve_until_interrupted(server, f"Ricevitore di eventi di prova su http://{host}:{port}/")

"""The web side of the sink: the captured emails for a tester.

``/`` lists them (newest first; ``?a=<address>`` filters by recipient),
``/messaggi/<n>`` shows one whole, ``/api/messages[?a=]`` answers JSON for
tests, and the shared test hooks live under ``/_control`` (``POST
/_control`` ``{"mode", "delay", "times"}``, ``GET /_control/state``,
``POST /_control/reset``). With a PEC provider (``--pec-sender``):
``/api/pec`` lists the receipts in the sender's mailbox, ``POST
/_control/pec`` ``{"reject": [addresses]}`` makes deliveries to them fail.
"""

from html import escape
from http.server import BaseHTTPRequestHandler
from sandbox.hooks import SandboxHTTPServer
from urllib.parse import parse_qs
from urllib.parse import urlsplit

import json


PAGE = """<!DOCTYPE html>
<html lang="it"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} — Posta catturata (sandbox)</title>
<style>
body{{font-family:system-ui,sans-serif;margin:0;color:#1a1a1a;background:#fff}}
header,main,footer{{padding:1rem;max-width:60rem;margin:auto}}
header{{border-bottom:2px solid #06c}} h1{{font-size:1.4rem;margin:.2rem 0}}
table{{border-collapse:collapse;width:100%}} th,td{{text-align:left;padding:.4rem;
border-bottom:1px solid #ccc;vertical-align:top;overflow-wrap:anywhere}}
a{{color:#004d99}} pre{{white-space:pre-wrap;overflow-wrap:anywhere;background:#f3f3f3;padding:.8rem}}
@media (max-width:40rem){{table,tr,td,th,thead,tbody{{display:block}} thead{{display:none}}
td{{border:0;padding:.1rem .4rem}} tr{{border-bottom:1px solid #ccc;padding:.4rem 0}}}}
</style></head><body>
<header><p>Sandbox — nessuna email esce da questo computer</p><h1>{title}</h1></header>
<main>{content}</main>
<footer><p><a href="/">Tutte le email</a> · <a href="/api/messages">JSON</a></p></footer>
</body></html>"""


def listing_html(messages, recipient):
    if not messages:
        who = f" per {escape(recipient)}" if recipient else ""
        return f"<p>Nessuna email catturata{who}.</p>"
    rows = "".join(
        f"<tr><td>{escape(m['received'])}</td><td>{escape(', '.join(m['envelope_to']))}</td>"
        f"<td><a href=\"/messaggi/{m['id']}\">{escape(m['subject']) or '(senza oggetto)'}</a></td></tr>"
        for m in reversed(messages))
    return (f"<p>{len(messages)} email catturate.</p><table><caption>"
            "Email catturate</caption><thead><tr><th scope=\"col\">Ricevuta</th>"
            "<th scope=\"col\">Destinatari</th><th scope=\"col\">Oggetto</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>")


def message_html(m):
    attachments = "".join(f"<li>{escape(name)}</li>" for name in m["attachments"])
    return (f"<dl><dt>Da</dt><dd>{escape(m['from'])}</dd><dt>A</dt><dd>{escape(m['to'])}</dd>"
            f"<dt>Ricevuta</dt><dd>{escape(m['received'])}</dd></dl>"
            f"<pre>{escape(m['body'])}</pre>"
            + (f"<h2>Allegati</h2><ul>{attachments}</ul>" if attachments else ""))


class WebHandler(BaseHTTPRequestHandler):
    store = None  # MailStore

    def log_message(self, *args):
        pass

    def _send(self, status, body=b"", ctype="application/json"):
        if not isinstance(body, bytes):
            body = (json.dumps(body) if ctype == "application/json" else body).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", ctype + "; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _page(self, status, title, content):
        self._send(status, PAGE.format(title=escape(title), content=content), "text/html")

    def do_GET(self):
        url = urlsplit(self.path)
        recipient = parse_qs(url.query).get("a", [""])[0]
        if url.path == "/":
            return self._page(200, "Posta catturata",
                              listing_html(self.store.listing(recipient), recipient))
        if url.path == "/api/messages":
            return self._send(200, {"messages": self.store.listing(recipient)})
        if url.path == "/api/pec" and self.store.pec is not None:
            return self._send(200, {"receipts": self.store.pec.listing()})
        if url.path == "/_control/state":
            return self._send(200, {"mode": self.store.mode, "calls": self.store.calls,
                                    "count": len(self.store.listing())})
        if url.path.startswith("/messaggi/") and url.path[10:].isdigit():
            found = self.store.get(int(url.path[10:]))
            if found:
                return self._page(200, found["subject"] or "(senza oggetto)", message_html(found))
        return self._page(404, "Non trovata", "<p>Questa email non esiste.</p>")

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        try:
            data = json.loads(self.rfile.read(length) or b"{}")
        except ValueError:
            return self._send(400, {"error": "JSON non valido"})
        if self.path == "/_control/reset":
            self.store.reset()
            return self._send(200, {"ok": True})
        if self.path == "/_control/pec" and self.store.pec is not None:
            self.store.pec.reject(data.get("reject") or [])
            return self._send(200, {"ok": True})
        if self.path == "/_control":
            self.store.set_mode(data.get("mode", "ok"), data.get("delay", 0), data.get("times"))
            return self._send(200, {"ok": True})
        return self._send(404, {"error": "non trovato"})


def make_web_server(host, port, store):
    handler = type("BoundWebHandler", (WebHandler,), {"store": store})
    return SandboxHTTPServer((host, port), handler)

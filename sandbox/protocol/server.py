"""The sandbox protocol register: SOAP 1.1 over HTTP on 127.0.0.1.

- ``GET /protocollo?wsdl``: the WSDL shipped with comune.istanze;
- ``POST /protocollo``: RegistraProtocollo. The request is validated against
  the WSDL's schema and the Impronta of every document against its content;
  invalid requests get a ``soap:Client`` fault. Numbers are assigned per
  year; a request whose ChiaveIdempotenza was seen returns the registration
  already made (``GET /_control/state`` lists each registration with its
  Oggetto and how many times it was asked again). The answer carries a
  signed SegnaturaInformatica 3.0.0.
- test hooks under ``/_control``: ``POST /_control`` with JSON
  ``{"mode": "ok|down|slow|fail|lose_response|tamper", "delay": s, "times": n}``
  (``times``: for the next n calls only), ``GET /_control/state``,
  ``GET /_control/cert`` (PEM), ``POST /_control/reset``;
- the AgID AOO-to-AOO desk on ``/agid/destinatario`` (``GET``: the official
  ``protocollo-destinatario.wsdl``; see :mod:`sandbox.protocol.agid`),
  configured by ``POST /_control/agid``; ``POST /_control/agid/annulla``
  with ``{"number", "provvedimento", "note"}`` annuls a registration and
  tells the sender. The same numbers serve both desks.
"""

from http.server import BaseHTTPRequestHandler
from lxml import etree
from comune.istanze.integrations.protocol.agid import WSDL_DESTINATARIO
from sandbox.hooks import TestHooks
from sandbox.hooks import enter
from sandbox.hooks import lose_answer
from sandbox.hooks import bound_server
from sandbox.hooks import serve_until_interrupted
from sandbox.protocol import segnatura
from sandbox.protocol.agid import AgidDesk
from sandbox.protocol.agid import Fault
from sandbox.protocol.signing import make_key_and_cert
from sandbox.protocol.signing import sign

import base64
import datetime
import hashlib
import importlib.util
import json
import os
import threading


SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
AGID_PATH = "/agid/destinatario"
WS = segnatura.WS


def wsdl_path():
    spec = importlib.util.find_spec("comune.istanze")
    base = os.path.dirname(spec.origin)
    return os.path.join(base, "integrations", "protocol", "wsdl", "protocollo.wsdl")


def request_schema():
    wsdl = etree.parse(wsdl_path())
    xsd = wsdl.find(".//{http://www.w3.org/2001/XMLSchema}schema")
    return etree.XMLSchema(etree.fromstring(etree.tostring(xsd)))


class Register(TestHooks):
    """State of the register: numbers, registrations by key, test hooks."""

    def __init__(self, amministrazione="c_x999", aoo="aoo_esempio", registro="PG", keys=None):
        self.office = {"denominazione": "Comune di Esempio", "amministrazione": amministrazione,
                       "aoo": aoo}
        self.registro = registro
        self.key_pem, self.cert_pem = keys or make_key_and_cert()
        self.schema = request_schema()
        self.lock = threading.Lock()
        self.reset()

    def reset(self):
        if getattr(self, "agid", None) is not None:
            self.agid.settle()  # its scheduled confirmations reach the sender first
        with getattr(self, "lock", threading.Lock()):
            self.counters = {}
            self.by_key = {}
            self.agid = AgidDesk(self)
            self.reset_hooks()

    def state(self):
        with self.lock:
            regs = [{"key": k, "number": v["identifier"]["NumeroRegistrazione"],
                     "subject": v["subject"], "repeated": v["repeated"]}
                    for k, v in self.by_key.items()]
            return {"calls": self.calls, "count": len(regs), "registrations": regs,
                    "mode": self.mode, "agid": self.agid.state()}

    def next_identifier(self):
        """The next registration of the register (both desks; hold the lock)."""
        now = datetime.datetime.now()
        n = self.counters.get(now.year, 0) + 1
        self.counters[now.year] = n
        return {
            "CodiceAmministrazione": self.office["amministrazione"],
            "CodiceAOO": self.office["aoo"],
            "CodiceRegistro": self.registro,
            "NumeroRegistrazione": f"{n:07d}",
            "DataRegistrazione": now.date().isoformat(),
            "OraRegistrazione": now.strftime("%H:%M:%S"),
        }

    def register(self, request, tamper=False):
        """(identifier, signed segnatura bytes, already registered)."""
        with self.lock:
            existing = self.by_key.get(request["ChiaveIdempotenza"])
            if existing is not None:
                existing["repeated"] += 1
                return existing["identifier"], existing["segnatura"], True
            identifier = self.next_identifier()
            if tamper:
                request = dict(request, DocumentoPrimario=dict(
                    request["DocumentoPrimario"],
                    Impronta=base64.b64encode(hashlib.sha256(b"altro").digest()).decode()))
            root = segnatura.build(identifier, request, self.office)
            signed_root = sign(root, self.key_pem, self.cert_pem)
            segnatura.schema().assertValid(signed_root)
            signed = etree.tostring(signed_root, xml_declaration=True, encoding="UTF-8")
            if not tamper:
                self.by_key[request["ChiaveIdempotenza"]] = {
                    "identifier": identifier, "segnatura": signed,
                    "subject": request["Oggetto"], "repeated": 0}
            return identifier, signed, False


def _text(el, path):
    return (el.findtext(path, namespaces={"p": WS}) or "").strip()


def parse_request(body, schema):
    try:
        env = etree.fromstring(body, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as exc:
        raise Fault("Client", f"XML non valido: {exc}") from exc
    req = env.find(f"{{{SOAP_ENV}}}Body/{{{WS}}}RegistraProtocollo")
    if req is None:
        raise Fault("Client", "Operazione non supportata: attesa RegistraProtocollo.")
    if not schema.validate(req):
        raise Fault("Client", f"Richiesta non valida: {schema.error_log.last_error.message}")

    def document(el):
        content = base64.b64decode(_text(el, "p:Contenuto"))
        impronta = _text(el, "p:Impronta")
        if hashlib.sha256(content).digest() != base64.b64decode(impronta):
            raise Fault("Client", f"Impronta non corrispondente al contenuto di {el.get('nomeFile')}.")
        return {"nomeFile": el.get("nomeFile"), "mimeType": el.get("mimeType"),
                "Descrizione": _text(el, "p:Descrizione"), "Impronta": impronta}

    corr = req.find("p:Corrispondente", {"p": WS})
    body_el = corr.find("p:PersonaGiuridica", {"p": WS})
    return {
        "ChiaveIdempotenza": _text(req, "p:ChiaveIdempotenza"),
        "Verso": _text(req, "p:Verso"),
        "Oggetto": _text(req, "p:Oggetto"),
        "Classifica": {"Denominazione": _text(req, "p:Classifica/p:Denominazione"),
                       "CodiceFlat": _text(req, "p:Classifica/p:CodiceFlat")},
        "Corrispondente": {
            "Nome": _text(corr, "p:Nome"), "Cognome": _text(corr, "p:Cognome"),
            "CodiceFiscale": _text(corr, "p:CodiceFiscale"),
            "IndirizzoTelematico": _text(corr, "p:IndirizzoTelematico"),
            "PersonaGiuridica": None if body_el is None else {
                "Denominazione": _text(body_el, "p:Denominazione"),
                "PIVAoCF": _text(body_el, "p:PIVAoCF")},
        },
        "DocumentoPrimario": document(req.find("p:DocumentoPrimario", {"p": WS})),
        "Allegati": [document(a) for a in req.findall("p:Allegato", {"p": WS})],
    }


def envelope(inner):
    return (f'<?xml version="1.0" encoding="UTF-8"?><soap:Envelope xmlns:soap="{SOAP_ENV}">'
            f"<soap:Body>{inner}</soap:Body></soap:Envelope>").encode("utf-8")


def fault_body(code, message):
    from xml.sax.saxutils import escape

    return envelope(f"<soap:Fault><faultcode>soap:{code}</faultcode>"
                    f"<faultstring>{escape(message)}</faultstring></soap:Fault>")


def response_body(identifier, signed, already):
    fields = "".join(f"<p:{k}>{v}</p:{k}>" for k, v in identifier.items())
    return envelope(
        f'<p:RegistraProtocolloRisposta xmlns:p="{WS}"><p:Identificatore>{fields}'
        f"</p:Identificatore><p:GiaRegistrato>{'true' if already else 'false'}</p:GiaRegistrato>"
        f"<p:Segnatura>{base64.b64encode(signed).decode()}</p:Segnatura>"
        f"</p:RegistraProtocolloRisposta>")


class Handler(BaseHTTPRequestHandler):
    register: Register = None
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def _send(self, status, body, ctype="text/xml; charset=utf-8"):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path.startswith("/_control/state"):
            return self._send(200, json.dumps(self.register.state()).encode(), "application/json")
        if self.path.startswith("/_control/cert"):
            return self._send(200, self.register.cert_pem, "application/x-pem-file")
        if self.path.startswith(AGID_PATH):
            with open(WSDL_DESTINATARIO, "rb") as f:
                return self._send(200, f.read())
        if self.path.startswith("/protocollo"):
            with open(wsdl_path(), "rb") as f:
                return self._send(200, f.read())
        self._send(404, b"not found", "text/plain")

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        if self.path.startswith("/_control/reset"):
            self.register.reset()
            return self._send(200, b"{}", "application/json")
        if self.path.startswith("/_control/agid/annulla"):
            cmd = json.loads(body or b"{}")
            status, answer = self.register.agid.annulla(cmd["number"], cmd.get("provvedimento", ""),
                                                        cmd.get("note", ""))
            return self._send(200, json.dumps({"status": status, "answer": answer}).encode(),
                              "application/json")
        if self.path.startswith("/_control/agid"):
            self.register.agid.configure(**json.loads(body or b"{}"))
            return self._send(200, json.dumps(self.register.state()).encode(), "application/json")
        if self.path.startswith(AGID_PATH):
            return self.agid(body)
        if self.path.startswith("/_control"):
            cmd = json.loads(body or b"{}")
            self.register.set_mode(cmd.get("mode", "ok"), cmd.get("delay", 0), cmd.get("times"))
            return self._send(200, json.dumps(self.register.state()).encode(), "application/json")
        if not self.path.startswith("/protocollo"):
            return self._send(404, b"not found", "text/plain")

        def registra(mode):
            request = parse_request(body, self.register.schema)
            return response_body(*self.register.register(request, tamper=mode == "tamper"))

        return self.soap_call(registra)

    def agid(self, body):
        """``MessaggioInoltro`` / ``AnnullamentoInoltroMittente`` (see agid.py)."""
        return self.soap_call(lambda mode: self.register.agid.handle(body))

    def soap_call(self, work):
        """Answer ``work(mode)`` (the SOAP answer) under the test hooks: down,
        slow, fail (server fault), lose_response (done, never answered)."""
        mode = enter(self, self.register)
        if mode is None:
            return None
        if mode == "fail":
            return self._send(500, fault_body("Server", "Errore interno del registro di protocollo."))
        try:
            answer = work(mode)
        except Fault as fault:
            return self._send(500, fault_body(fault.code, fault.message))
        except Exception as exc:  # a sandbox bug must still answer SOAP
            return self._send(500, fault_body("Server", f"Errore del registro: {exc}"))
        if mode == "lose_response":
            return lose_answer(self)  # registered, but the caller never hears it
        self._send(200, answer)


def make_server(host="127.0.0.1", port=8082, amministrazione="c_x999", aoo="aoo_esempio",
                registro="PG", keys=None):
    register = Register(amministrazione, aoo, registro, keys)
    return bound_server(Handler, host, port, register=register)


def serve(host, port, amministrazione="c_x999", aoo="aoo_esempio", registro="PG", keys=None,
          agid=None):
    server = make_server(host, port, amministrazione, aoo, registro, keys)
    server.register.agid.configure(**(agid or {}))
    serve_until_interrupted(
        server, f"Registro di protocollo di prova su http://{host}:{port}/protocollo?wsdl")

"""The sandbox ANPR on 127.0.0.1: e-services C015, C020, C021 of the ANPR catalogue.

- ``POST /{e-service}/v1/anpr-service-e002`` for ``C015-servizioAccertamentoGeneralita``,
  ``C020-servizioAccertamentoResidenza``, ``C021-servizioAccertamentoStatoFamiglia``:
  PDND voucher and ModI headers checked with the sandbox PDND's helpers
  (:func:`sandbox.pdnd.verify_call`: voucher signed by the sandbox PDND for
  ``audience``, Digest, Agid-JWT-Signature and Agid-JWT-TrackingEvidence
  signed by the Comune's registered key; 401/400 ``RispostaKO``), request
  checked against the official schema (``answers.py``: 400 ``RispostaKO``),
  404 ``RispostaKO`` for a codice fiscale the population does not have,
  else 200 ``RispostaE002OK``. The same ``idOperazioneClient`` gets the
  same answer again (as the OpenAPI says).
- ``GET /{e-service}/v1/status``: 200.
- ``GET /calls.json``: every call received (e-service, casoUso, motivo,
  codice fiscale, outcome), for the tests and the demo.
- test hooks under ``/_control`` (``sandbox/hooks.py``): ``{"mode":
  "ok|down|slow|fail|lose_response", "delay": s, "times": n}``; "fail"
  answers 500 ``RispostaKO``, "lose_response" answers nothing (the
  connection drops), "slow" waits ``delay`` seconds;
  ``GET /_control/state``, ``POST /_control/reset``.
"""

from sandbox.anpr import answers
from sandbox import pdnd
from sandbox.anpr.population import index
from sandbox.hooks import TestHooks
from sandbox.hooks import control
from sandbox.hooks import enter
from sandbox.hooks import lose_answer
from sandbox.hooks import bound_server
from sandbox.hooks import serve_until_interrupted
from sandbox.jsonhttp import JSONHandler

import json
import threading


class Registry(TestHooks):
    """The population, the answers given and the calls received."""

    def __init__(self, audience=pdnd.DEMO_PURPOSES["anpr"].audience):
        self.audience = audience
        self.people = index()
        self.lock = threading.Lock()
        self.reset()

    def reset(self):
        with self.lock:
            self.calls, self.answered, self.log = 0, {}, []
            self.reset_hooks()

    def answer(self, eservice, headers, raw):
        """(status, JSON answer) of one call to ``eservice``."""
        case, build = answers.ESERVICES[eservice]
        entry = {"eservice": eservice, "status": None, "reason": ""}
        try:
            voucher, evidence = pdnd.verify_call(headers, raw, self.audience)
        except pdnd.Refused as exc:
            return self._log(entry, exc.status, answers.error(exc.detail, code=f"EN{exc.status}"))
        entry.update(purpose=voucher["purposeId"], user=evidence["userID"])
        try:
            body = json.loads(raw or b"null")
        except ValueError:
            body = None
        problem = answers.check_request(body, case)
        if problem is not None:
            return self._log(entry, 400, problem)
        dati = body["datiRichiesta"]
        cf = body["criteriRicerca"]["codiceFiscale"].strip().upper()
        entry.update(fiscal_code=cf, case=dati["casoUso"], motive=dati["motivoRichiesta"],
                     operation=body["idOperazioneClient"])
        key = (eservice, body["idOperazioneClient"])
        with self.lock:
            earlier = self.answered.get(key)
        if earlier is not None:
            entry["replayed"] = True
            return self._log(entry, *earlier)
        found = self.people.get(cf)
        result = (200, build(*found)) if found else (
            404, answers.error("Nessun soggetto trovato per i criteri di ricerca",
                               "codiceFiscale", code="EN404"))
        with self.lock:
            self.answered[key] = result
        return self._log(entry, *result)

    def _log(self, entry, status, answer):
        entry["status"] = status
        entry["reason"] = (answer.get("listaErrori") or [{}])[0].get("testoErroreAnomalia", "")
        with self.lock:
            self.log.append(entry)
        return status, answer

    def listing(self):
        with self.lock:
            return [dict(e) for e in self.log]

    def state(self):
        with self.lock:
            return {"calls": self.calls, "mode": self.mode, "received": len(self.log)}


class Handler(JSONHandler):
    registry: Registry = None

    def _eservice(self, path, tail):
        parts = path.strip("/").split("/")
        if len(parts) == 3 and parts[1] == "v1" and parts[2] == tail and \
                parts[0] in answers.ESERVICES:
            return parts[0]
        return None

    def do_GET(self):
        path = self.path.split("?")[0]
        if control(self, self.registry, "GET", path):
            return None
        if path == "/calls.json":
            return self._send(200, {"items": self.registry.listing()})
        if self._eservice(path, "status"):
            return self._send(200, {"idOperazioneANPR": answers.anpr_id(), "listaErrori": []},
                              "application/problem+json")
        return self._send(404, b"not found", "text/plain")

    def do_POST(self):
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        path = self.path.split("?")[0]
        if control(self, self.registry, "POST", path, raw):
            return None
        eservice = self._eservice(path, "anpr-service-e002")
        if eservice is None:
            return self._send(404, b"not found", "text/plain")
        mode = enter(self, self.registry)
        if mode is None:
            return None
        if mode == "fail":
            return self._send(500, answers.error("Errore interno del servizio", code="EN500"),
                              "application/problem+json")
        headers = {k.lower(): v for k, v in self.headers.items()}
        status, answer = self.registry.answer(eservice, headers, raw)
        if mode == "lose_response":
            return lose_answer(self)
        ctype = "application/json" if status == 200 else "application/problem+json"
        return self._send(status, answer, ctype)


def make_server(host="127.0.0.1", port=8086, audience=None):
    registry = Registry(audience or pdnd.DEMO_PURPOSES["anpr"].audience)
    return bound_server(Handler, host, port, registry=registry)


def serve(host, port, audience=None):
    server = make_server(host, port, audience)
    serve_until_interrupted(server, f"ANPR di prova su http://{host}:{port}/")

"""The sandbox register's AgID AOO-to-AOO desk (the *destinatario* side).

Server of ``protocollo-destinatario.wsdl`` on ``/agid/destinatario``:

- ``MessaggioInoltro``: the request is validated against the official
  schemas (the WSDL's types with ``messaggio_protocollo.xsd`` and
  ``segnatura_protocollo.xsd``): invalid -> ``soap:Client`` fault. The
  segnatura's signature is verified with the sending AOO's certificate and
  every Impronta against its file (``Anomalia`` 001/002 in the answer, as
  the WSDL says); the message must be addressed to this AOO. A new message
  gets the next number of the register (shared with the SOAP desk); a
  message already received (same ``IdentificatoreMittente``) gets the same
  one. The answer acknowledges the sender's identifier; then, as the
  standard wants, the register calls ``ConfermaMessaggioInoltro`` on the
  sender's endpoint with its own identifier (or an ``Anomalia`` when told).
- ``AnnullamentoInoltroMittente``: the sender withdraws a message.

Client of ``protocollo-mittente.wsdl``: ``ConfermaMessaggioInoltro`` (above)
and ``AnnullamentoInoltroDestinatario`` (``POST /_control/agid/annulla``).
Configuration: ``POST /_control/agid`` with JSON ``mittente_url``,
``mittente_user``, ``mittente_password``, ``mittente_cert`` (PEM),
``conferma`` ("ok" or an AnomalieConferma code), ``conferma_delay`` (s).
"""

from comune.istanze.integrations.protocol.agid import InvalidRequest
from comune.istanze.integrations.protocol.agid import MSG
from comune.istanze.integrations.protocol.agid import NS_DESTINATARIO
from comune.istanze.integrations.protocol.agid import NS_MITTENTE
from comune.istanze.integrations.protocol.agid import PROT
from comune.istanze.integrations.protocol.agid import soap_envelope
from comune.istanze.integrations.protocol.agid import soap_request
from comune.istanze.integrations.protocol.agid import WSDL_DESTINATARIO
from comune.istanze.integrations.protocol.agid import wsdl_schema
from lxml import etree
from pathlib import Path
from xml.sax.saxutils import escape

import base64
import hashlib
import threading
import urllib.error
import urllib.request


FIELDS = ("CodiceAmministrazione", "CodiceAOO", "CodiceRegistro", "NumeroRegistrazione",
          "DataRegistrazione", "OraRegistrazione")
DEMO_MITTENTE_CERT = Path(__file__).with_name("demo-mittente-cert.pem")
_schema = None


class Fault(Exception):
    def __init__(self, code, message):
        super().__init__(message)
        self.code, self.message = code, message


def schema():
    global _schema
    if _schema is None:
        _schema = wsdl_schema(WSDL_DESTINATARIO)
    return _schema


def P(tag):
    return f"{{{PROT}}}{tag}"


def ident_of(el):
    return {f: (el.findtext(P(f)) or "").strip() for f in FIELDS if el.find(P(f)) is not None}


def ident_xml(tag, ident, ns):
    inner = "".join(f"<p:{f}>{escape(ident[f])}</p:{f}>" for f in FIELDS if ident.get(f))
    return f'<w:{tag} xmlns:w="{ns}" xmlns:p="{PROT}">{inner}</w:{tag}>'


def key_of(ident):
    return "|".join(ident.get(f, "") for f in ("CodiceAmministrazione", "CodiceAOO", "CodiceRegistro",
                                                "NumeroRegistrazione", "DataRegistrazione"))



class AgidDesk:
    """State of the desk: messages received, the sender's endpoint, calls made."""

    def __init__(self, register):
        self.register = register  # numbers, office, lock, test hooks
        self.reset()

    def reset(self):
        self.settle()
        self.messages = {}  # key of the sender's identifier -> entry
        self.callbacks = []  # what the sender's endpoint answered
        self.config = {"mittente_url": "", "mittente_user": "protocollo", "mittente_password": "",
                       "mittente_cert": DEMO_MITTENTE_CERT.read_text("ascii"), "conferma": "ok",
                       "conferma_delay": 0.05}

    def configure(self, **values):
        self.config.update({k: v for k, v in values.items() if k in self.config})

    def state(self):
        return {"messages": [{"mittente": e["mittente"], "number": e["identifier"]["NumeroRegistrazione"],
                              "state": e["state"], "files": e["files"], "oggetto": e["oggetto"]}
                             for e in self.messages.values()],
                "callbacks": list(self.callbacks), "mittente_url": self.config["mittente_url"]}

    # -- destinatario WSDL (server) --------------------------------------

    def handle(self, body):
        try:
            request = soap_request(body, NS_DESTINATARIO, schema())
        except InvalidRequest as exc:
            raise Fault("Client", str(exc)) from exc
        if etree.QName(request).localname == "RequestMessageInoltro":
            return self.inoltro(request)
        return self.annullamento_mittente(request)

    def inoltro(self, request):
        segnatura = request.find(f"{{{MSG}}}Segnatura")
        mittente = ident_of(segnatura.find(f"{P('Intestazione')}/{P('Identificatore')}"))
        anomalia = self.check(segnatura, request.findall(f"{{{MSG}}}File"))
        if anomalia:
            code, info = anomalia
            return soap_envelope(f'<w:ResponseMessageInoltro xmlns:w="{NS_DESTINATARIO}">'
                        f'{ident_xml("IdentificatoreMittente", mittente, NS_DESTINATARIO)}'
                        f'<w:Anomalia info="{escape(info)}">{code}</w:Anomalia></w:ResponseMessageInoltro>')
        with self.register.lock:
            entry = self.messages.get(key_of(mittente))
            if entry is None:
                entry = self.messages[key_of(mittente)] = {
                    "mittente": mittente, "identifier": self.register.next_identifier(),
                    "state": "registrato",
                    "files": [f.get(f"{{{MSG}}}nomeFile") for f in request.findall(f"{{{MSG}}}File")],
                    "oggetto": segnatura.findtext(f"{P('Intestazione')}/{P('Oggetto')}")}
        self.confirm_later(entry)
        return soap_envelope(f'<w:ResponseMessageInoltro xmlns:w="{NS_DESTINATARIO}">'
                    f'{ident_xml("IdentificatoreMittente", mittente, NS_DESTINATARIO)}</w:ResponseMessageInoltro>')

    def check(self, segnatura, files):
        """(AnomalieInoltro code, info), or None when the message is sound."""
        from signxml.exceptions import InvalidInput
        from signxml.exceptions import InvalidSignature
        from signxml.xades import XAdESVerifier

        aoo = self.register.office["aoo"]
        addressed = [d for d in segnatura.iter(P("Destinatario"))
                     if d.findtext(f"{P('Amministrazione')}/{P('CodiceIPAAOO')}") == aoo]
        if not addressed:
            raise Fault("Client", f"Il messaggio non è indirizzato a questa AOO ({aoo}).")
        standalone = etree.fromstring(etree.tostring(segnatura))
        etree.cleanup_namespaces(standalone)
        try:
            XAdESVerifier().verify(etree.tostring(standalone), x509_cert=self.config["mittente_cert"],
                                   expect_references=3)
        except (InvalidSignature, InvalidInput, ValueError) as exc:
            return "001_ValidazioneFirma", f"Firma della segnatura non valida: {exc}"
        contents = {f.get(f"{{{MSG}}}nomeFile"): base64.b64decode(f.text or "") for f in files}
        for doc in segnatura.iter(P("DocumentoPrimario"), P("Allegato")):
            name = doc.get(P("nomeFile"))
            digest = base64.b64decode(doc.findtext(P("Impronta")) or "")
            if name not in contents or hashlib.sha256(contents[name]).digest() != digest:
                return "002_AnomaliaImpronte", f"Impronta non corrispondente al file {name}."
        return None

    def annullamento_mittente(self, request):
        mittente = ident_of(request.find(f"{{{NS_DESTINATARIO}}}IdentificatoreMittente"))
        dest = ident_of(request.find(f"{{{NS_DESTINATARIO}}}IdentificatoreDestinatario"))
        with self.register.lock:
            entry = self.messages.get(key_of(mittente))
            found = entry is not None and entry["identifier"]["NumeroRegistrazione"] == dest.get(
                "NumeroRegistrazione")
            if found:
                entry["state"] = "annullato"
                entry["annullamento"] = request.findtext(f"{{{NS_DESTINATARIO}}}RiferimentoProvvedimento")
        anomalia = "" if found else (
            '<w:Anomalia info="Registrazione non trovata">007_ErroreIdentificatoreNonTrovato</w:Anomalia>')
        return soap_envelope(f'<w:ResponseAnnullamentoInoltroMittente xmlns:w="{NS_DESTINATARIO}">'
                    f'{ident_xml("IdentificatoreMittente", mittente, NS_DESTINATARIO)}'
                    f'{ident_xml("IdentificatoreDestinatario", dest, NS_DESTINATARIO)}{anomalia}'
                    "</w:ResponseAnnullamentoInoltroMittente>")

    # -- mittente WSDL (client) -------------------------------------------

    def confirm_later(self, entry):
        timer = threading.Timer(float(self.config["conferma_delay"]), self.conferma, (entry,))
        timer.daemon = True
        self.timers.append(timer)
        timer.start()

    def settle(self, timeout=60):
        """Wait for the confirmations already scheduled, their calls to the
        sender included: a reset never lets an old confirmation reach the
        sender after it (a test's site, then the next test's)."""
        timers, self.timers = getattr(self, "timers", []), []
        for timer in timers:
            timer.join(timeout)

    def conferma(self, entry):
        """``ConfermaMessaggioInoltro`` to the sender: our identifier, or an anomaly."""
        outcome = self.config["conferma"]
        second = ident_xml("IdentificatoreDestinatario", entry["identifier"], NS_MITTENTE) if outcome == "ok" \
            else f'<w:Anomalia xmlns:w="{NS_MITTENTE}" info="Simulata dal registro di prova">{outcome}</w:Anomalia>'
        body = soap_envelope(f'<w:RequestConfermaMessaggioInoltro xmlns:w="{NS_MITTENTE}">'
                    f'{ident_xml("IdentificatoreMittente", entry["mittente"], NS_MITTENTE)}{second}'
                    "</w:RequestConfermaMessaggioInoltro>")
        return self.call_mittente("ConfermaMessaggioInoltro", body)

    def annulla(self, number, provvedimento, note=""):
        """``AnnullamentoInoltroDestinatario``: annul registration ``number``
        and tell its sender. Returns (HTTP status, answer)."""
        entry = next((e for e in self.messages.values()
                      if e["identifier"]["NumeroRegistrazione"] == number), None)
        if entry is None:
            return 404, f"Registrazione {number} sconosciuta."
        entry["state"] = "annullato"
        body = soap_envelope(f'<w:RequestAnnullamentoInoltroDestinatario xmlns:w="{NS_MITTENTE}">'
                    f'{ident_xml("IdentificatoreMittente", entry["mittente"], NS_MITTENTE)}'
                    f'{ident_xml("IdentificatoreDestinatario", entry["identifier"], NS_MITTENTE)}'
                    f"<w:RiferimentoProvvedimento>{escape(provvedimento)}</w:RiferimentoProvvedimento>"
                    f"<w:Note>{escape(note)}</w:Note></w:RequestAnnullamentoInoltroDestinatario>")
        return self.call_mittente("AnnullamentoInoltroDestinatario", body)

    def call_mittente(self, operation, body):
        url = self.config["mittente_url"]
        if not url:
            self.callbacks.append({"operation": operation, "status": None, "error": "mittente_url mancante"})
            return None, "mittente_url mancante"
        auth = base64.b64encode(
            f"{self.config['mittente_user']}:{self.config['mittente_password']}".encode()).decode()
        req = urllib.request.Request(url, data=body, headers={
            "Content-Type": "text/xml; charset=utf-8", "SOAPAction": '""', "Authorization": f"Basic {auth}"})
        try:
            with urllib.request.urlopen(req, timeout=30) as resp:
                status, answer = resp.status, resp.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as exc:
            status, answer = exc.code, exc.read().decode("utf-8", "replace")
        except OSError as exc:
            status, answer = None, str(exc)
        self.callbacks.append({"operation": operation, "status": status, "answer": answer[:2000]})
        return status, answer

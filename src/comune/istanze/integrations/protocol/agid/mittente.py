"""``@@protocollo-aoo-mittente``: our side of ``protocollo-mittente.wsdl``.

The Comune's protocol AOO calls it (SOAP 1.1, HTTP Basic with the
credentials of ``comune.istanze.protocol.agid.callback_*``):

- ``ConfermaMessaggioInoltro``: the protocol number and date given to a
  message we sent (``IdentificatoreDestinatario``), or an ``Anomalia``; the
  waiting job is made due at once and completes the registration;
- ``AnnullamentoInoltroDestinatario``: the register annulled its
  registration; recorded on the message and on the application (audit log).

``GET ...?wsdl`` serves the WSDL. Every request is validated against the
official schemas; refusals are SOAP faults with Italian messages.
"""

from comune.istanze.integrations.protocol.agid import InvalidRequest
from comune.istanze.integrations.protocol.agid import NS_MITTENTE
from comune.istanze.integrations.protocol.agid import PROT
from comune.istanze.integrations.protocol.agid import soap_envelope
from comune.istanze.integrations.protocol.agid import soap_request
from comune.istanze.integrations.protocol.agid import store
from comune.istanze.integrations.protocol.agid import wsdl_schema
from comune.istanze.integrations.protocol.agid import WSDL_MITTENTE
from comune.istanze.integrations.protocol.agid.client import AgidProtocolAdapter
from comune.istanze.integrations.protocol.agid.segnatura import IDENTIFIER_FIELDS
from comune.istanze.outbox import queue
from comune.istanze.outbox.worker import find_target
from lxml import etree
from plone.protect.interfaces import IDisableCSRFProtection
from Products.Five.browser import BrowserView
from xml.sax.saxutils import escape
from zope.interface import alsoProvides

import base64
import hmac
import time


ENDPOINT = "protocollo-aoo-mittente"
_schema = None


class Fault(Exception):
    def __init__(self, code, message, status=500):
        super().__init__(message)
        self.code, self.message, self.status = code, message, status


def schema():
    global _schema
    if _schema is None:
        _schema = wsdl_schema(WSDL_MITTENTE)
    return _schema



def identifier_xml(tag, identifier):
    fields = "".join(f"<prot:{k}>{escape(identifier[k])}</prot:{k}>" for k in IDENTIFIER_FIELDS
                     if identifier.get(k))
    return f'<tns:{tag} xmlns:prot="{PROT}">{fields}</tns:{tag}>'


def read_identifier(parent, tag):
    el = parent.find(f"{{{NS_MITTENTE}}}{tag}")
    if el is None:
        return None
    return {name: (el.findtext(f"{{{PROT}}}{name}") or "").strip() for name in IDENTIFIER_FIELDS
            if el.find(f"{{{PROT}}}{name}") is not None}


def parse(body):
    try:
        return soap_request(body, NS_MITTENTE, schema())
    except InvalidRequest as exc:
        raise Fault("Client", str(exc)) from exc


def xmlrpc_checker(request):
    """IXmlrpcChecker: SOAP 1.1 is POSTed as ``text/xml``, which Zope takes
    for XML-RPC; never for this endpoint, as before for everything else."""
    return not request.environ.get("PATH_INFO", "").rstrip("/").endswith(ENDPOINT)


class MittenteService(BrowserView):
    """The SOAP endpoint; one method per operation of the mittente WSDL."""

    def __call__(self):
        alsoProvides(self.request, IDisableCSRFProtection)
        response = self.request.response
        response.setHeader("Content-Type", "text/xml; charset=utf-8")
        if self.request.method != "POST":
            with open(WSDL_MITTENTE, "rb") as f:
                return f.read()
        try:
            self.authorise()
            request = parse(self.request.get("SOAPXML") or self.request.get("BODY") or b"")
            operation = etree.QName(request).localname
            handler = {"RequestConfermaMessaggioInoltro": self.conferma,
                       "RequestAnnullamentoInoltroDestinatario": self.annullamento}.get(operation)
            if handler is None:
                raise Fault("Client", f"Operazione non supportata: {operation}.")
            return soap_envelope(handler(request))
        except Fault as fault:
            response.setStatus(fault.status)
            return soap_envelope(f"<soap:Fault><faultcode>soap:{fault.code}</faultcode>"
                            f"<faultstring>{escape(fault.message)}</faultstring></soap:Fault>")

    def authorise(self):
        settings = AgidProtocolAdapter().agid_settings()
        expected = f"{settings.callback_username or ''}:{settings.callback_password or ''}"
        header = self.request._auth or self.request.getHeader("Authorization") or ""
        given = ""
        if header.lower().startswith("basic "):
            try:
                given = base64.b64decode(header[6:].strip()).decode("utf-8")
            except (ValueError, UnicodeDecodeError):
                given = ""
        if not settings.callback_password or not hmac.compare_digest(given, expected):
            raise Fault("Client", "Credenziali del servizio mittente non valide.", status=401)

    def conferma(self, request):
        mittente = read_identifier(request, "IdentificatoreMittente")
        destinatario = read_identifier(request, "IdentificatoreDestinatario")
        if destinatario is not None:
            entry = store.update(self.context, mittente, state="confirmed", destinatario=destinatario)
        else:
            anomalia = request.find(f"{{{NS_MITTENTE}}}Anomalia")
            entry = store.update(self.context, mittente, state="anomaly", anomalia=anomalia.text or "",
                                 info=anomalia.get("info") or "")
        if entry is None:
            raise Fault("Client", "Messaggio sconosciuto: nessun invio con questo identificatore.")
        job = queue.job_for_key(self.context, entry["job"])
        if job is not None and job.state == queue.PENDING:
            job.next_attempt = time.time()  # the worker completes the registration now
        return (f'<tns:ResponseConfermaMessaggioInoltro xmlns:tns="{NS_MITTENTE}">'
                f'{identifier_xml("IdentificatoreMittente", mittente)}</tns:ResponseConfermaMessaggioInoltro>')

    def annullamento(self, request):
        mittente = read_identifier(request, "IdentificatoreMittente")
        destinatario = read_identifier(request, "IdentificatoreDestinatario")
        entry = store.message(self.context, mittente)
        anomalia = ""
        if entry is None or (entry.get("destinatario") or {}).get("NumeroRegistrazione") \
                != destinatario.get("NumeroRegistrazione"):
            anomalia = ('<tns:Anomalia info="Registrazione non trovata">'
                        "007_ErroreIdentificatoreNonTrovato</tns:Anomalia>")
        else:
            annulment = {"provvedimento": request.findtext(f"{{{NS_MITTENTE}}}RiferimentoProvvedimento"),
                         "note": request.findtext(f"{{{NS_MITTENTE}}}Note") or ""}
            store.update(self.context, mittente, state="annulled", annullamento=annulment)
            record_annulment(find_target(self.context, entry["target"]), destinatario, annulment)
        return (f'<tns:ResponseAnnullamentoInoltroDestinatario xmlns:tns="{NS_MITTENTE}">'
                f'{identifier_xml("IdentificatoreMittente", mittente)}'
                f'{identifier_xml("IdentificatoreDestinatario", destinatario)}{anomalia}'
                "</tns:ResponseAnnullamentoInoltroDestinatario>")


def record_annulment(app, destinatario, annulment):
    """Mark the application's registration as annulled by the register."""
    from comune.istanze.integrations.protocol.agid.annul import mark_annulled

    if app is None or getattr(app, "protocol_number", None) != destinatario.get("NumeroRegistrazione"):
        return
    mark_annulled(app, annulment, "dal protocollo")

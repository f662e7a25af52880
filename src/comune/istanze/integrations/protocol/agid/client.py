"""The ``agid`` adapter: client of ``protocollo-destinatario.wsdl`` (zeep).

``MessaggioInoltro`` carries the signed segnatura verbatim: zeep serialises
the request without it (``xsd.SkipValue``) and the :class:`SignedSegnatura`
plugin puts the signed element in place just before sending, so no
re-serialisation can break the signature. ``AnnullamentoInoltroMittente``
withdraws a message. Failures map onto :mod:`..errors` through
:func:`..zeepcall.soap_errors` like the ``soap`` adapter's.
"""

from comune.istanze.integrations.protocol.agid import BINDING_DESTINATARIO
from comune.istanze.integrations.protocol.agid import MSG
from comune.istanze.integrations.protocol.agid import NS_DESTINATARIO
from comune.istanze.integrations.protocol.agid import segnatura
from comune.istanze.integrations.protocol.agid import WSDL_DESTINATARIO
from comune.istanze.integrations.protocol.agid.interfaces import IAgidProtocolSettings
from comune.istanze.integrations.protocol.agid.interfaces import PREFIX
from comune.istanze.integrations.protocol.errors import ProtocolRejected
from comune.istanze.integrations.protocol.errors import ProtocolUnavailable
from comune.istanze.integrations.protocol.interfaces import IMessageProtocolAdapter
from comune.istanze.integrations.protocol.zeepcall import service
from comune.istanze.integrations.protocol.zeepcall import soap_errors
from comune.istanze.outbox.errors import PermanentError
from lxml import etree
from zope.interface import implementer

import threading


ANOMALIE_INOLTRO = {
    "001_ValidazioneFirma": "la firma della segnatura non è stata validata",
    "002_AnomaliaImpronte": "le impronte dei documenti non corrispondono",
}
_outgoing = threading.local()
_plugin = None


def _plugin_class():
    from zeep import Plugin

    class SignedSegnatura(Plugin):
        """Insert the signed ``msgprot:Segnatura`` of the current call as the
        first child of ``RequestMessageInoltro``."""

        def egress(self, envelope, http_headers, operation, binding_options):
            element = getattr(_outgoing, "segnatura", None)
            if element is not None and operation.name == "MessaggioInoltro":
                body = envelope.find("{http://schemas.xmlsoap.org/soap/envelope/}Body")
                request = body.find(f"{{{NS_DESTINATARIO}}}RequestMessageInoltro")
                request.insert(0, element)
            return envelope, http_headers

    return SignedSegnatura


def _signed_segnatura():
    global _plugin
    if _plugin is None:
        _plugin = _plugin_class()()
    return _plugin


def identifier_dict(value):
    """A zeep IdentificatoreType as a dict of strings."""
    result = {}
    for name in segnatura.IDENTIFIER_FIELDS:
        item = getattr(value, name, None)
        item = getattr(item, "_value_1", item)  # CodiceIPA has simple content
        if item is not None:
            text = item.isoformat() if hasattr(item, "isoformat") else str(item)
            result[name] = text[:8] if name == "OraRegistrazione" else text
    return result


def identifier_payload(identifier):
    return {name: identifier[name] for name in segnatura.IDENTIFIER_FIELDS if identifier.get(name)}


@implementer(IMessageProtocolAdapter)
class AgidProtocolAdapter:
    """Named utility ``agid``."""

    title = "AgID: comunicazione tra AOO (SegnaturaInformatica 3.0.0)"
    confirmation_wait = 5.0  # seconds a job waits for the confirmation before retrying later

    def __init__(self, settings=None, agid_settings=None):
        self._settings = settings
        self._agid = agid_settings

    def settings(self):
        if self._settings is None:
            from comune.istanze.integrations.protocol.config import protocol_settings

            return protocol_settings()
        return self._settings

    def agid_settings(self):
        if self._agid is None:
            from plone.registry.interfaces import IRegistry
            from zope.component import getUtility

            return getUtility(IRegistry).forInterface(IAgidProtocolSettings, prefix=PREFIX, check=False)
        return self._agid

    def office(self):
        a = self.agid_settings()
        return {"denominazione": a.denominazione, "amministrazione": a.amministrazione,
                "aoo_mittente": a.aoo_mittente, "aoo_destinatario": a.aoo_destinatario}

    def register(self, request):
        raise PermanentError("L'adattatore AgID protocolla in più passi (invio e conferma): "
                             "la registrazione passa dal job della coda di invio.")

    def segnatura(self, request, identifier):
        a = self.agid_settings()
        root = segnatura.build(request, identifier, self.office())
        return segnatura.signed(root, segnatura.signing_key(a), (a.certificate or "").encode("ascii"))

    def _proxy(self):
        s = self.settings()
        if not s.url:
            raise ProtocolUnavailable("Indirizzo del servizio di protocollo non configurato.")
        return service(WSDL_DESTINATARIO, BINDING_DESTINATARIO, s.url, s.username or "",
                       s.password or "", s.timeout or 30, plugins=(_signed_segnatura(),))

    def send(self, request, signed_xml):
        """``MessaggioInoltro``: the signed segnatura and the files. Returns
        the sender identifier the register acknowledged."""
        from zeep import xsd

        element = etree.fromstring(signed_xml)
        if element.tag != f"{{{MSG}}}Segnatura":
            raise ProtocolRejected("Segnatura da inviare non valida.")
        files = [{"_value_1": doc.data, "nomeFile": doc.filename, "mimeType": doc.mime_type}
                 for doc in [request.primary, *request.attachments]]
        _outgoing.segnatura = element
        try:
            with soap_errors("il messaggio"):
                answer = self._proxy().MessaggioInoltro(Segnatura=xsd.SkipValue, File=files)
        finally:
            _outgoing.segnatura = None
        anomalia = getattr(answer, "Anomalia", None)
        if anomalia is not None:
            code = getattr(anomalia, "_value_1", anomalia)
            raise ProtocolRejected(
                f"Il protocollo ha segnalato un'anomalia ({code}): "
                f"{ANOMALIE_INOLTRO.get(code, code)}. {getattr(anomalia, 'info', '') or ''}".strip())
        return identifier_dict(answer.IdentificatoreMittente)

    def annul(self, mittente, destinatario, riferimento, note=""):
        """``AnnullamentoInoltroMittente``: withdraw the message ``mittente``
        registered by the register as ``destinatario``."""
        with soap_errors("l'annullamento"):
            answer = self._proxy().AnnullamentoInoltroMittente(
                IdentificatoreMittente=identifier_payload(mittente),
                IdentificatoreDestinatario=identifier_payload(destinatario),
                RiferimentoProvvedimento=riferimento, Note=note or None)
        anomalia = getattr(answer, "Anomalia", None)
        if anomalia is not None:
            code = getattr(anomalia, "_value_1", anomalia)
            raise ProtocolRejected(f"Il protocollo non ha annullato la registrazione ({code}). "
                                   f"{getattr(anomalia, 'info', '') or ''}".strip())
        return identifier_dict(answer.IdentificatoreDestinatario)

"""SOAP protocol adapter (zeep) against the WSDL shipped in ``wsdl/``.

The product knows only the service URL, credentials and timeout from the
registry; the WSDL is local, so no network access is needed to build the
client.
"""

from comune.istanze.integrations.protocol.errors import ProtocolUnavailable
from comune.istanze.integrations.protocol.interfaces import IProtocolAdapter
from comune.istanze.integrations.protocol.interfaces import Registration
from comune.istanze.integrations.protocol.zeepcall import service
from comune.istanze.integrations.protocol.zeepcall import soap_errors
from zope.interface import implementer

import base64
import datetime
import os


WSDL = os.path.join(os.path.dirname(__file__), "wsdl", "protocollo.wsdl")
BINDING = "{urn:comune-istanze:protocollo:1}ProtocolloBinding"


def _document(doc):
    return {
        "Descrizione": doc.description or None,
        "Impronta": {"_value_1": bytes.fromhex(doc.sha256), "algoritmo": "SHA-256"},
        "Contenuto": doc.data,
        "nomeFile": doc.filename,
        "mimeType": doc.mime_type,
    }


def build_payload(request):
    c = request.correspondent
    correspondent = {
        "Nome": c.first_name,
        "Cognome": c.last_name,
        "CodiceFiscale": c.fiscal_code,
        "IndirizzoTelematico": c.email or None,
    }
    if c.body_tax_id:
        correspondent["PersonaGiuridica"] = {"Denominazione": c.body_name or c.body_tax_id,
                                             "PIVAoCF": c.body_tax_id}
    return {
        "ChiaveIdempotenza": request.key,
        "Verso": request.direction,
        "Oggetto": request.subject,
        "Classifica": {"Denominazione": request.classification_title,
                       "CodiceFlat": request.classification_code},
        "Corrispondente": correspondent,
        "DocumentoPrimario": _document(request.primary),
        "Allegato": [_document(a) for a in request.attachments],
    }


@implementer(IProtocolAdapter)
class SoapProtocolAdapter:
    """Named utility ``soap``."""

    title = "SOAP (WSDL comune.istanze)"

    def __init__(self, settings=None):
        self._settings = settings

    def settings(self):
        if self._settings is not None:
            return self._settings
        from comune.istanze.integrations.protocol.config import protocol_settings

        return protocol_settings()

    def register(self, request):
        s = self.settings()
        if not s.url:
            raise ProtocolUnavailable("Indirizzo del servizio di protocollo non configurato.")
        with soap_errors():
            proxy = service(WSDL, BINDING, s.url, s.username or "", s.password or "", s.timeout or 30)
            answer = proxy.RegistraProtocollo(**build_payload(request))
        ident = answer.Identificatore
        when = ident.OraRegistrazione
        if isinstance(when, str):
            when = datetime.time.fromisoformat(when)
        segnatura = answer.Segnatura
        if isinstance(segnatura, str):
            segnatura = base64.b64decode(segnatura)
        return Registration(
            administration=ident.CodiceAmministrazione,
            aoo=ident.CodiceAOO,
            register=ident.CodiceRegistro,
            number=ident.NumeroRegistrazione,
            date=ident.DataRegistrazione,
            time=when.replace(tzinfo=None),
            segnatura=segnatura,
            already_registered=bool(answer.GiaRegistrato),
        )

"""The AgID AOO-to-AOO interoperability adapter (named ``agid``).

Roles (Linee guida AgID, allegato 6, "Comunicazione tra AOO di documenti
amministrativi protocollati"):

- **AOO mittente**: comune.istanze, the Comune's online services, an AOO of
  its own (``aoo_mittente``) with its own register (``registro_mittente``).
  For each application it allocates its own identifier (the segnatura's
  ``Intestazione/Identificatore``), builds the SegnaturaInformatica 3.0.0
  (the citizen as ``Mittente``, the protocol AOO as ``Destinatario``, the
  impronte of the receipt and of every attachment), signs it (XAdES
  baseline B), validates it against the official XSD and sends it with the
  files: ``MessaggioInoltro`` of ``protocollo-destinatario.wsdl``.
- **AOO destinataria**: the Comune's protocol register. It registers the
  message and answers with ``ConfermaMessaggioInoltro`` of
  ``protocollo-mittente.wsdl`` on our endpoint ``@@protocollo-aoo-mittente``,
  carrying its own identifier: the protocol number and date of the
  application (or an ``Anomalia``).

Annulments both ways: ``AnnullamentoInoltroMittente`` (we withdraw a message)
and ``AnnullamentoInoltroDestinatario`` (the register annulled its
registration; received on our endpoint).

The WSDLs and XSDs of the standard are in ``spec/``, unchanged (see its
README).
"""

import os


SPEC = os.path.join(os.path.dirname(__file__), "spec")
WSDL_DESTINATARIO = os.path.join(SPEC, "interfaces_SOAP", "protocollo-destinatario.wsdl")
WSDL_MITTENTE = os.path.join(SPEC, "interfaces_SOAP", "protocollo-mittente.wsdl")
SEGNATURA_XSD = os.path.join(SPEC, "segnatura_protocollo.xsd")

PROT = "http://www.agid.gov.it/protocollo/"
MSG = "http://www.agid.gov.it/protocollo/messaggi/"
NS_DESTINATARIO = "http://ws.protocollo.comunicazione.aoo.destinatario/"
NS_MITTENTE = "http://ws.protocollo.comunicazione.aoo.mittente/"
BINDING_DESTINATARIO = f"{{{NS_DESTINATARIO}}}ProtocolloDestinatarioServiceBinding"
BINDING_MITTENTE = f"{{{NS_MITTENTE}}}ProtocolloMittenteServiceBinding"


def wsdl_schema(wsdl_path):
    """The schema of a WSDL's ``types`` (lxml), its imports resolved beside
    the WSDL: the official XSDs, used to validate SOAP bodies."""
    from lxml import etree

    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    wsdl = etree.parse(wsdl_path, parser)
    xsd = wsdl.find(".//{http://www.w3.org/2001/XMLSchema}schema")
    doc = etree.fromstring(etree.tostring(xsd), parser, base_url=wsdl_path)
    return etree.XMLSchema(doc)


class InvalidRequest(ValueError):
    """A SOAP request that is not one of the WSDL's (Italian message)."""


def soap_request(body, namespace, schema):
    """The request element of a SOAP 1.1 ``body`` (bytes) for the service
    of ``namespace``, valid for ``schema``; InvalidRequest otherwise."""
    from lxml import etree

    try:
        envelope = etree.fromstring(body, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as exc:
        raise InvalidRequest(f"XML non valido: {exc}") from exc
    soap_body = envelope.find("{http://schemas.xmlsoap.org/soap/envelope/}Body")
    request = soap_body[0] if soap_body is not None and len(soap_body) else None
    if request is None or etree.QName(request).namespace != namespace:
        raise InvalidRequest("Operazione non supportata da questo servizio.")
    if not schema.validate(request):
        raise InvalidRequest("Richiesta non valida secondo gli schemi AgID: "
                             f"{schema.error_log.last_error.message}")
    return request


def soap_envelope(inner):
    """A SOAP 1.1 envelope (bytes) around the body XML ``inner``."""
    return ('<?xml version="1.0" encoding="UTF-8"?>'
            '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">'
            f"<soap:Body>{inner}</soap:Body></soap:Envelope>").encode("utf-8")

"""Reading and checking a SegnaturaInformatica 3.0.0 received from the register.

The register signs the segnatura (enveloped XML signature) and lists the
Impronta (base64 SHA-256) of the primary document and of each attachment.
We check that those hashes are exactly the ones of the documents we sent,
and, when the register's certificate is configured, the signature.
"""

from comune.istanze.integrations.protocol.errors import ProtocolRejected
from lxml import etree

import base64


PROT = "http://www.agid.gov.it/protocollo/"
NS = {"prot": PROT, "ds": "http://www.w3.org/2000/09/xmldsig#"}


def _attr(el, name):
    return el.get(f"{{{PROT}}}{name}") or el.get(name)


def parse(xml_bytes):
    try:
        parser = etree.XMLParser(resolve_entities=False, no_network=True)
        return etree.fromstring(xml_bytes, parser)
    except etree.XMLSyntaxError as exc:
        raise ProtocolRejected(f"La segnatura ricevuta non è XML valido: {exc}") from exc


def fingerprints(root):
    """[(role, nomeFile, algoritmo, hex digest)] of primary doc and attachments."""
    result = []
    for role, path in (("primario", "prot:Descrizione/prot:DocumentoPrimario"),
                       ("allegato", "prot:Descrizione/prot:Allegato")):
        for doc in root.xpath(path, namespaces=NS):
            imp = doc.find("prot:Impronta", NS)
            if imp is None:
                raise ProtocolRejected(f"Segnatura senza impronta per {_attr(doc, 'nomeFile')}.")
            algo = _attr(imp, "algoritmo") or "SHA-256"
            digest = base64.b64decode((imp.text or "").strip()).hex()
            result.append((role, _attr(doc, "nomeFile"), algo, digest))
    return result


def identifier(root):
    ident = root.find("prot:Intestazione/prot:Identificatore", NS)
    if ident is None:
        raise ProtocolRejected("Segnatura senza Identificatore.")
    return {child: (ident.findtext(f"prot:{child}", namespaces=NS) or "").strip()
            for child in ("CodiceAmministrazione", "CodiceAOO", "CodiceRegistro",
                          "NumeroRegistrazione", "DataRegistrazione", "OraRegistrazione")}


def verify_signature(xml_bytes, cert_pem):
    from signxml import XMLVerifier
    from signxml.exceptions import InvalidInput
    from signxml.exceptions import InvalidSignature

    try:
        XMLVerifier().verify(xml_bytes, x509_cert=cert_pem)
    except (InvalidSignature, InvalidInput) as exc:
        raise ProtocolRejected(f"La firma della segnatura non è valida: {exc}") from exc


def check(registration, request, cert_pem=None):
    """Raise :class:`ProtocolRejected` unless the segnatura matches ``request``."""
    root = parse(registration.segnatura)
    if cert_pem:
        verify_signature(registration.segnatura, cert_pem)
    ident = identifier(root)
    if ident["NumeroRegistrazione"] != registration.number or \
            ident["CodiceRegistro"] != registration.register:
        raise ProtocolRejected(
            "La segnatura non corrisponde al numero di protocollo restituito "
            f"({ident['NumeroRegistrazione']} invece di {registration.number})."
        )
    sent = [("primario", request.primary)] + [("allegato", a) for a in request.attachments]
    got = fingerprints(root)
    expected = sorted((role, doc.filename, doc.sha256) for role, doc in sent)
    received = sorted((role, name, digest) for role, name, _algo, digest in got)
    bad_algo = [name for _r, name, algo, _d in got if algo.upper() != "SHA-256"]
    if bad_algo:
        raise ProtocolRejected(f"Algoritmo di impronta non atteso per: {', '.join(bad_algo)}.")
    if expected != received:
        missing = sorted(set(expected) - set(received))
        names = ", ".join(name for _r, name, _d in missing) or "documenti in più"
        raise ProtocolRejected(
            "Le impronte della segnatura non corrispondono ai documenti inviati "
            f"({names}): la registrazione va verificata con l'ufficio protocollo."
        )
    return ident

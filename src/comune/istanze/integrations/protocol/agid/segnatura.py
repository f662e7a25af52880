"""The SegnaturaInformatica 3.0.0 the sending AOO builds, signs and checks.

:func:`build` makes the unsigned element from a :class:`ProtocolRequest`
and the sender's identifier; :func:`signed` adds the XAdES baseline B
signature (signxml) with the key read from a file or an environment
variable (never stored in the site) and validates the result against the
official ``segnatura_protocollo.xsd`` before anything leaves the site.
"""

from comune.istanze.integrations.protocol.agid import MSG
from comune.istanze.integrations.protocol.agid import PROT
from comune.istanze.integrations.protocol.agid import SEGNATURA_XSD
from comune.istanze.integrations.protocol.errors import ProtocolRejected
from comune.istanze.outbox.errors import PermanentError
from lxml import etree

import base64
import os
import re


IDENTIFIER_FIELDS = ("CodiceAmministrazione", "CodiceAOO", "CodiceRegistro",
                     "NumeroRegistrazione", "DataRegistrazione", "OraRegistrazione")
CF = re.compile(r"[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$")
_schema = None


def schema():
    """The official SegnaturaInformatica 3.0.0 schema (lxml, loaded once)."""
    global _schema
    if _schema is None:
        parser = etree.XMLParser(no_network=True, resolve_entities=False)
        _schema = etree.XMLSchema(etree.parse(SEGNATURA_XSD, parser))
    return _schema


def _el(parent, tag, text=None, **attrs):
    el = etree.SubElement(parent, f"{{{PROT}}}{tag}", {f"{{{PROT}}}{k}": v for k, v in attrs.items()})
    if text is not None:
        el.text = text
    return el


def identifier_element(parent, tag, identifier):
    ident = _el(parent, tag)
    for name in IDENTIFIER_FIELDS:
        if identifier.get(name):
            _el(ident, name, identifier[name])
    return ident


def _person(parent, c):
    person = _el(parent, "PersonaFisica")
    _el(person, "Nome", c.first_name)
    _el(person, "Cognome", c.last_name)
    if CF.match(c.fiscal_code or ""):
        _el(person, "CodiceFiscale", c.fiscal_code)
    if c.email:
        _el(_el(person, "Contatti"), "IndirizzoTelematico", c.email, tipo="smtp")


def _citizen(parent, c):
    """The citizen, or the body they act for with the citizen inside."""
    if not c.body_tax_id:
        return _person(parent, c)
    body = _el(parent, "PersonaGiuridica")
    _el(body, "Denominazione", c.body_name or c.body_tax_id)
    if c.body_tax_id.isdigit() and len(c.body_tax_id) == 11:
        _el(body, "PIVAoCF", c.body_tax_id)
    _person(body, c)


def _office(parent, office, aoo):
    amm = _el(parent, "Amministrazione")
    _el(amm, "DenominazioneAmministrazione", office["denominazione"])
    _el(amm, "CodiceIPAAmministrazione", office["amministrazione"])
    _el(amm, "CodiceIPAAOO", aoo)


def _document(parent, tag, doc):
    el = _el(parent, tag, nomeFile=doc.filename, mimeType=doc.mime_type)
    if doc.description:
        _el(el, "Descrizione", doc.description)
    _el(el, "Impronta", base64.b64encode(bytes.fromhex(doc.sha256)).decode(), algoritmo="SHA-256")


def build(request, identifier, office, tag=f"{{{MSG}}}Segnatura"):
    """Unsigned segnatura of ``request`` registered as ``identifier`` by the
    sending AOO. ``office``: denominazione, amministrazione, aoo_mittente,
    aoo_destinatario. The element is ``msgprot:Segnatura`` (type
    SegnaturaInformaticaType), signed as it travels in ``MessaggioInoltro``."""
    root = etree.Element(tag, {f"{{{PROT}}}versione": "3.0.0", f"{{{PROT}}}lang": "it"},
                         nsmap={"prot": PROT, "msgprot": MSG})
    head = _el(root, "Intestazione")
    identifier_element(head, "Identificatore", identifier)
    _el(head, "Oggetto", request.subject)
    classifica = _el(head, "Classifica")
    _el(classifica, "Denominazione", request.classification_title)
    _el(classifica, "CodiceFlat", request.classification_code)
    desc = _el(root, "Descrizione")
    if request.direction == "Entrata":  # the citizen writes to the Comune
        _citizen(_el(desc, "Mittente"), request.correspondent)
        _office(_el(desc, "Destinatario", confermaRicezione="true"), office, office["aoo_destinatario"])
    else:  # the Comune writes to the citizen: the protocol registers it
        _office(_el(desc, "Mittente"), office, office["aoo_mittente"])
        _office(_el(desc, "Destinatario", confermaRicezione="true"), office, office["aoo_destinatario"])
        _citizen(_el(desc, "Destinatario", confermaRicezione="false"), request.correspondent)
    _document(desc, "DocumentoPrimario", request.primary)
    for attachment in request.attachments:
        _document(desc, "Allegato", attachment)
    return root


def signing_key(settings):
    """The PEM private key: from ``key_file``, else from the environment
    variable named by ``key_env``. PermanentError when neither is there."""
    path = (settings.key_file or "").strip()
    if path:
        try:
            with open(path, "rb") as f:
                return f.read()
        except OSError as exc:
            raise PermanentError(f"Chiave di firma della segnatura non leggibile ({path}): {exc}") from exc
    env = (settings.key_env or "").strip()
    if env and os.environ.get(env):
        return os.environ[env].encode("ascii")
    raise PermanentError("Chiave di firma della segnatura non configurata "
                         "(file o variabile d'ambiente nelle impostazioni AgID).")


def signed(root, key_pem, cert_pem):
    """``root`` signed (XAdES baseline B, RSA-SHA256) and schema-valid: bytes."""
    from signxml.xades import XAdESSigner

    if not cert_pem:
        raise PermanentError("Certificato di firma della segnatura non configurato.")
    signer = XAdESSigner(signature_algorithm="rsa-sha256", digest_algorithm="sha256")
    try:
        signed_root = signer.sign(root, key=key_pem, cert=cert_pem)
    except Exception as exc:  # bad PEM, key/certificate mismatch
        raise PermanentError(f"Firma della segnatura non riuscita: {exc}") from exc
    validate(signed_root)
    return etree.tostring(signed_root, xml_declaration=True, encoding="UTF-8")


def standalone(element):
    """The segnatura element as the document that was signed: extracted from
    the SOAP body, without the envelope's namespace declarations it does not
    use (the receiver does the same before verifying the signature)."""
    copy = etree.fromstring(etree.tostring(element))
    etree.cleanup_namespaces(copy)
    return copy


def as_segnatura_informatica(root):
    """A copy of the segnatura element named ``prot:SegnaturaInformatica``
    (the schema's global element), for validation."""
    copy = etree.fromstring(etree.tostring(root))
    copy.tag = f"{{{PROT}}}SegnaturaInformatica"
    return copy


def validate(root):
    """Raise ProtocolRejected (not retried) unless ``root`` is a valid
    SegnaturaInformatica 3.0.0."""
    xsd = schema()
    if not xsd.validate(as_segnatura_informatica(root)):
        raise ProtocolRejected(
            f"La segnatura non è valida secondo lo schema AgID 3.0.0: {xsd.error_log.last_error.message}")

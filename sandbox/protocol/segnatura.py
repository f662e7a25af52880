"""Builds the SegnaturaInformatica 3.0.0 of a registration (sandbox side)."""

from lxml import etree

import os


PROT = "http://www.agid.gov.it/protocollo/"
WS = "urn:comune-istanze:protocollo:1"
SUBSET_XSD = os.path.join(os.path.dirname(__file__), "segnatura_subset.xsd")
_schema = None


def schema():
    global _schema
    if _schema is None:
        _schema = etree.XMLSchema(etree.parse(SUBSET_XSD))
    return _schema


def P(tag):
    return f"{{{PROT}}}{tag}"


def sub(parent, tag, text=None, **attrs):
    el = etree.SubElement(parent, P(tag), {P(k): v for k, v in attrs.items()})
    if text is not None:
        el.text = text
    return el


def _person(parent, person):
    pf = sub(parent, "PersonaFisica")
    sub(pf, "Nome", person["Nome"])
    sub(pf, "Cognome", person["Cognome"])
    sub(pf, "CodiceFiscale", person["CodiceFiscale"])
    if person.get("IndirizzoTelematico"):
        contatti = sub(pf, "Contatti")
        sub(contatti, "IndirizzoTelematico", person["IndirizzoTelematico"], tipo="smtp")


def _citizen(parent, person):
    body = person.get("PersonaGiuridica")
    if body:
        pg = sub(parent, "PersonaGiuridica")
        sub(pg, "Denominazione", body["Denominazione"])
        if body["PIVAoCF"].isdigit() and len(body["PIVAoCF"]) == 11:
            sub(pg, "PIVAoCF", body["PIVAoCF"])
        _person(pg, person)
    else:
        _person(parent, person)


def _office(parent, office):
    amm = sub(parent, "Amministrazione")
    sub(amm, "DenominazioneAmministrazione", office["denominazione"])
    sub(amm, "CodiceIPAAmministrazione", office["amministrazione"])
    sub(amm, "CodiceIPAAOO", office["aoo"])


def _document(parent, tag, doc):
    el = sub(parent, tag, nomeFile=doc["nomeFile"], mimeType=doc["mimeType"])
    if doc.get("Descrizione"):
        sub(el, "Descrizione", doc["Descrizione"])
    sub(el, "Impronta", doc["Impronta"], algoritmo="SHA-256")


def build(identifier, request, office):
    """Unsigned segnatura (lxml element).

    ``identifier``: dict of the Identificatore fields; ``request``: the parsed
    request (dicts); ``office``: denominazione, amministrazione, aoo.
    """
    root = etree.Element(P("SegnaturaInformatica"), {P("versione"): "3.0.0", P("lang"): "it"},
                         nsmap={"prot": PROT})
    head = sub(root, "Intestazione")
    ident = sub(head, "Identificatore")
    for name in ("CodiceAmministrazione", "CodiceAOO", "CodiceRegistro",
                 "NumeroRegistrazione", "DataRegistrazione", "OraRegistrazione"):
        sub(ident, name, identifier[name])
    sub(head, "Oggetto", request["Oggetto"])
    cls = sub(head, "Classifica")
    sub(cls, "Denominazione", request["Classifica"]["Denominazione"])
    sub(cls, "CodiceFlat", request["Classifica"]["CodiceFlat"])
    desc = sub(root, "Descrizione")
    incoming = request["Verso"] == "Entrata"
    mittente, destinatario = sub(desc, "Mittente"), None
    if incoming:
        _citizen(mittente, request["Corrispondente"])
        destinatario = sub(desc, "Destinatario")
        _office(destinatario, office)
    else:
        _office(mittente, office)
        destinatario = sub(desc, "Destinatario")
        _citizen(destinatario, request["Corrispondente"])
    _document(desc, "DocumentoPrimario", request["DocumentoPrimario"])
    for att in request["Allegati"]:
        _document(desc, "Allegato", att)
    return root

"""Conservation packages (pacchetti di versamento) of registered applications.

One ZIP per registered application: the registered primary document (the
receipt the segnatura covers), the final receipt, the attachments, the
segnatura as received and ``metadati.xml`` with the document metadata of
AgID's guidelines on electronic documents (identifier, registration data,
subject, author, classification, hash and algorithm, retention period).

``export_range(portal, start, end, directory)`` writes the packages of every
application registered between two dates; ``run(app, site_id, start, end,
directory)`` is its ``zconsole run`` entry point.
"""

from comune.istanze.documents.attachments import attachments_of
from comune.istanze.documents.receipt import RECEIPT_KIND
from comune.istanze.documents.store import current_document
from comune.istanze.documents.store import get_document
from comune.istanze.exports.archive import ArchiveNames
from comune.istanze.exports.cells import strip_illegal
from comune.istanze.integrations.protocol.storage import registration_of
from comune.istanze.integrations.protocol.storage import segnatura_of
from comune.istanze.interfaces import IApplication
from datetime import datetime
from lxml import etree
from plone import api

import base64
import io
import os
import zipfile


NS = "urn:comune-istanze:conservazione:1"


def _el(parent, tag, text=None, **attrs):
    el = etree.SubElement(parent, f"{{{NS}}}{tag}", attrs)
    if text is not None:
        el.text = strip_illegal(str(text))  # a client file name may hold control characters
    return el


def _hash(parent, sha256_hex):
    imp = _el(parent, "ImprontaCrittografica", base64.b64encode(bytes.fromhex(sha256_hex)).decode())
    _el(parent, "Algoritmo", "SHA-256")
    return imp


def _document(parent, tag, name, filename, mime, sha256_hex, description=""):
    doc = _el(parent, tag)
    _el(doc, "NomeDelDocumento", filename)
    _el(doc, "IdentificativoDelFormato", mime)
    if description:
        _el(doc, "Descrizione", description)
    _hash(_el(doc, "Impronta"), sha256_hex)
    _el(doc, "Percorso", name)
    return doc


def metadata_xml(app, files):
    """``files``: [(role, name in the zip, filename, mime, sha256, description)]."""
    reg = registration_of(app)
    type_obj = app.application_type()
    root = etree.Element(f"{{{NS}}}PacchettoDiVersamento", nsmap={None: NS})
    doc = _el(root, "DocumentoInformatico")
    ident = _el(doc, "IdDoc")
    _el(ident, "Identificativo", f"{reg['identifier'].get('administration', '')}-"
                                 f"{reg['register']}-{reg['datetime'].year}-{reg['number']}")
    primary = next(f for f in files if f[0] == "primario")
    _hash(ident, primary[4])
    _el(doc, "ModalitaDiFormazione", "b")  # acquisizione telematica di un modulo compilato
    _el(doc, "TipologiaDocumentale", type_obj.title)
    dati = _el(doc, "DatiDiRegistrazione")
    _el(dati, "TipologiaDiFlusso", "E")
    _el(dati, "TipoRegistro", "Protocollo Ordinario")
    _el(dati, "CodiceRegistro", reg["register"])
    _el(dati, "NumeroDocumento", reg["number"])
    _el(dati, "DataRegistrazione", reg["datetime"].date().isoformat())
    _el(dati, "OraRegistrazione", reg["datetime"].strftime("%H:%M:%S"))
    _el(dati, "NumeroIstanza", app.number)
    soggetti = _el(doc, "Soggetti")
    autore = _el(soggetti, "Ruolo", tipo="Autore")
    _el(autore, "Denominazione", app.applicant_name or "")
    _el(autore, "CodiceFiscale", app.applicant_id or "")
    if app.beneficiary_id:
        ben = _el(soggetti, "Ruolo", tipo="Beneficiario")
        _el(ben, "Denominazione", app.beneficiary_name or "")
        _el(ben, "CodiceFiscale", app.beneficiary_id)
    dest = _el(soggetti, "Ruolo", tipo="Destinatario")
    _el(dest, "Denominazione", api.portal.get_registry_record(
        "comune.istanze.comune_name", default="Comune"))
    _el(_el(doc, "ChiaveDescrittiva"), "Oggetto", f"Istanza {app.number} — {type_obj.title}")
    cls = _el(doc, "Classificazione")
    _el(cls, "IndiceDiClassificazione", type_obj.classification or "")
    _el(cls, "Descrizione", type_obj.title)
    _el(doc, "Riservato", "true")  # personal data of a citizen
    _el(doc, "TempoDiConservazione", type_obj.retention_years, unita="anni")
    _el(doc, "DataPresentazione", app.submitted.isoformat(timespec="seconds") if app.submitted else "")
    allegati = _el(doc, "Allegati")
    others = [f for f in files if f[0] != "primario"]
    _el(allegati, "NumeroAllegati", len(others))
    for role, name, filename, mime, sha, description in files:
        _document(doc if role == "primario" else allegati,
                  "DocumentoPrimario" if role == "primario" else "Allegato",
                  name, filename, mime, sha, description)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def package(app):
    """ZIP bytes of the conservation package of a registered application."""
    reg = registration_of(app)
    if reg is None:
        raise ValueError(f"L'istanza {app.number} non è protocollata.")
    primary = get_document(app, reg["primary_doc"])
    final = current_document(app, RECEIPT_KIND)
    files, payload = [], {}
    files.append(("primario", "documento-primario.pdf", primary.filename, primary.content_type,
                  primary.sha256, "Ricevuta di presentazione protocollata"))
    payload["documento-primario.pdf"] = primary.data()
    if final is not None and final.id != primary.id:
        files.append(("ricevuta", "ricevuta-finale.pdf", final.filename, final.content_type,
                      final.sha256, "Ricevuta con gli estremi di protocollo"))
        payload["ricevuta-finale.pdf"] = final.data()
    names = ArchiveNames()
    for i, att in enumerate(sorted(attachments_of(app), key=lambda a: (a.spec, a.filename)), 1):
        name = names.entry("allegati", f"{i:02d}-{att.filename}")  # never the raw client name
        files.append(("allegato", name, att.filename, att.mime, att.sha256, att.spec))
        payload[name] = att.file.data
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in payload.items():
            zf.writestr(name, data)
        zf.writestr("segnatura.xml", segnatura_of(app))
        zf.writestr("metadati.xml", metadata_xml(app, files))
    return buffer.getvalue()


def package_name(app):
    return f"conservazione-{app.number}.zip"


def registered_between(portal, start, end):
    """Applications registered in [start, end] (naive datetimes)."""
    catalog = portal.portal_catalog
    brains = catalog.unrestrictedSearchResults(
        object_provides=IApplication.__identifier__,
        application_submitted={"query": end, "range": "max"},
    )
    for brain in brains:
        app = brain._unrestrictedGetObject()
        reg = registration_of(app)
        if reg is not None and start <= reg["datetime"] <= end:
            yield app


def export_range(portal, start, end, directory):
    """Write one ZIP per application registered in the range; the paths."""
    os.makedirs(directory, exist_ok=True)
    written = []
    for app in registered_between(portal, start, end):
        path = os.path.join(directory, package_name(app))
        with open(path, "wb") as f:
            f.write(package(app))
        written.append(path)
    return written


def run(app, site_id, start, end, directory):
    """``zconsole run`` entry point; ``start``/``end`` as YYYY-MM-DD."""
    from AccessControl.SecurityManagement import newSecurityManager
    from AccessControl.SpecialUsers import system
    from zope.component.hooks import setSite

    portal = app[site_id]
    setSite(portal)
    newSecurityManager(None, system)
    first = datetime.fromisoformat(start)
    last = datetime.fromisoformat(end).replace(hour=23, minute=59, second=59)
    return export_range(portal, first, last, directory)

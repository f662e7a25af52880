"""What citizens and staff see over HTTP: receipt, protocol data, segnatura,
conservation package; outgoing registration."""

from comune.istanze.documents.conservation import export_range
from comune.istanze.documents.conservation import package
from comune.istanze.documents.store import add_document
from comune.istanze.integrations.protocol.registration import register_outgoing
from comune.istanze.integrations.protocol.storage import segnatura_of
from comune.istanze.outbox.worker import run_once
from datetime import datetime
from datetime import timedelta
from lxml import etree
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from tests.documents.helpers import pdf_text
from tests.documents.helpers import submitted
from tests.fixtures import CITIZEN_PASSWORD
from tests.fixtures import make_citizen
from tests.fixtures import make_type

import hashlib
import io
import pytest
import requests
import transaction
import zipfile


PROT = {"prot": "http://www.agid.gov.it/protocollo/"}
CONS = {"c": "urn:comune-istanze:conservazione:1"}


@pytest.fixture
def registered(protocol_site, sandbox):
    app_type = make_type(protocol_site)
    citizen = make_citizen("Niccolò", "Forlì")
    app = submitted(app_type, citizen)
    transaction.commit()
    assert run_once(protocol_site) == {"done": 1}
    return app, citizen


def url(functional, obj, view):
    return f"http://{functional['host']}:{functional['port']}/{'/'.join(obj.getPhysicalPath()[1:])}/{view}"


def test_citizen_gets_the_final_receipt_and_sees_the_protocol(functional, registered):
    app, citizen = registered
    auth = (citizen.getId(), CITIZEN_PASSWORD)
    resp = requests.get(url(functional, app, "@@ricevuta-pdf"), auth=auth, timeout=60)
    assert resp.status_code == 200 and resp.headers["Content-Type"] == "application/pdf", resp.text[:3000]
    assert "no-store" in resp.headers["Cache-Control"]
    text, _pages = pdf_text(resp.content)
    assert f"Protocollo n. {app.protocol_number}" in text
    page = requests.get(url(functional, app, ""), auth=auth, timeout=60).text
    assert f"n. {app.protocol_number}" in page and "Protocollo" in page
    assert "@@segnatura" not in page  # the XML is for the staff
    xml = requests.get(url(functional, app, "@@segnatura"), auth=auth, timeout=60, allow_redirects=False)
    assert xml.status_code in (302, 401, 403) and b"SegnaturaInformatica" not in xml.content
    rest = requests.get(url(functional, app, "@segnatura"), auth=auth, timeout=60,
                        headers={"Accept": "application/json"})
    assert rest.status_code in (401, 403)
    other = make_citizen("Luca", "Verdi")
    transaction.commit()
    denied = requests.get(url(functional, app, "@@ricevuta-pdf"), auth=(other.getId(), CITIZEN_PASSWORD),
                          timeout=60, allow_redirects=False)
    assert denied.status_code in (302, 401, 403, 404) and not denied.content.startswith(b"%PDF")


def test_staff_reads_the_segnatura_as_received(functional, registered):
    app, _citizen = registered
    auth = (SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
    xml = requests.get(url(functional, app, "@@segnatura"), auth=auth, timeout=60)
    assert xml.status_code == 200 and xml.content == segnatura_of(app)
    rest = requests.get(url(functional, app, "@segnatura"), auth=auth, timeout=60,
                        headers={"Accept": "application/json"}).json()
    assert rest["number"] == app.protocol_number and rest["register"] == "PG"
    assert rest["segnatura"].encode("utf-8") == segnatura_of(app)
    assert rest["identifier"]["aoo"] == "aoo_esempio"


def test_conservation_package(protocol_site, registered, tmp_path):
    app, _citizen = registered
    with zipfile.ZipFile(io.BytesIO(package(app))) as zf:
        names = set(zf.namelist())
        assert names == {"documento-primario.pdf", "ricevuta-finale.pdf",
                         "allegati/01-contratto.pdf", "segnatura.xml", "metadati.xml"}
        meta = etree.fromstring(zf.read("metadati.xml"))
        primary = zf.read("documento-primario.pdf")
        segnatura = etree.fromstring(zf.read("segnatura.xml"))
    doc = meta.find("c:DocumentoInformatico", CONS)
    assert doc.findtext("c:DatiDiRegistrazione/c:NumeroDocumento", namespaces=CONS) == app.protocol_number
    assert doc.findtext("c:Classificazione/c:IndiceDiClassificazione", namespaces=CONS) == "7.1"
    assert doc.findtext("c:TempoDiConservazione", namespaces=CONS) == "10"
    assert doc.findtext("c:Soggetti/c:Ruolo[@tipo='Autore']/c:CodiceFiscale", namespaces=CONS) == app.applicant_id
    assert "Contributo affitto" in doc.findtext("c:ChiaveDescrittiva/c:Oggetto", namespaces=CONS)
    assert doc.findtext("c:IdDoc/c:Algoritmo", namespaces=CONS) == "SHA-256"
    # the primary document is the one the segnatura certifies
    impronta = segnatura.findtext("prot:Descrizione/prot:DocumentoPrimario/prot:Impronta", namespaces=PROT)
    assert doc.findtext("c:IdDoc/c:ImprontaCrittografica", namespaces=CONS) == impronta
    import base64
    assert base64.b64decode(impronta) == hashlib.sha256(primary).digest()
    today = datetime.now()
    paths = export_range(protocol_site, today - timedelta(days=1), today + timedelta(days=1), str(tmp_path))
    assert [p.rsplit("/", 1)[1] for p in paths] == [f"conservazione-{app.number}.zip"]
    assert export_range(protocol_site, today - timedelta(days=9), today - timedelta(days=2),
                        str(tmp_path / "vuoto")) == []


def test_outgoing_registration_of_a_decision(protocol_site, registered, sandbox):
    app, _citizen = registered
    decision = add_document(app, "decision", "Provvedimento di accoglimento",
                            b"%PDF-1.4 provvedimento", "provvedimento.pdf")
    job = register_outgoing(app, decision)
    assert register_outgoing(app, decision) is job  # idempotent
    transaction.commit()
    assert run_once(protocol_site) == {"done": 1}
    assert decision.protocol_number == "0000002"
    seg = etree.fromstring(decision.protocol_segnatura)
    assert seg.find("prot:Descrizione/prot:Mittente/prot:Amministrazione", PROT) is not None
    dest = seg.find("prot:Descrizione/prot:Destinatario/prot:PersonaFisica", PROT)
    assert dest.findtext("prot:CodiceFiscale", namespaces=PROT) == app.applicant_id
    assert sandbox.state()["count"] == 2

"""The "agid" adapter (client of protocollo-destinatario.wsdl) against the
sandbox register's AgID desk, without a site: segnatura, MessaggioInoltro,
the confirmation the register sends back, annulment, anomalies and faults."""

from comune.istanze.integrations.protocol.agid import segnatura
from comune.istanze.integrations.protocol.agid import WSDL_MITTENTE
from comune.istanze.integrations.protocol.agid import wsdl_schema
from comune.istanze.integrations.protocol.errors import ProtocolRejected
from comune.istanze.integrations.protocol.errors import ProtocolUnavailable
from comune.istanze.outbox.errors import PermanentError
from http.server import BaseHTTPRequestHandler
from http.server import ThreadingHTTPServer
from lxml import etree
from sandbox.protocol.signing import make_key_and_cert
from signxml.xades import XAdESVerifier
from tests.protocol.agid_helpers import adapter
from tests.protocol.agid_helpers import document
from tests.protocol.agid_helpers import identifier
from tests.protocol.agid_helpers import protocol_request
from tests.sandboxes import serving

import pytest
import requests
import time


PROT = {"prot": "http://www.agid.gov.it/protocollo/"}
MITT = "http://ws.protocollo.comunicazione.aoo.mittente/"
SOAP = "http://schemas.xmlsoap.org/soap/envelope/"


@pytest.fixture
def client(agid_sandbox, agid_keys):
    return adapter(agid_sandbox.url, *agid_keys)


@pytest.fixture
def mittente_endpoint(agid_sandbox):
    """A stand-in for our mittente endpoint: keeps what the register sends."""
    received = []

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_POST(self):
            received.append((self.headers.get("Authorization"),
                             self.rfile.read(int(self.headers["Content-Length"]))))
            body = b"<ok/>"
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    with serving(ThreadingHTTPServer(("127.0.0.1", 0), Handler)) as server:
        agid_sandbox.configure(mittente_url=f"http://127.0.0.1:{server.server_address[1]}/mittente",
                               mittente_password="segreto")
        yield received


def wait_for(items, count=1):
    deadline = time.monotonic() + 5
    while len(items) < count and time.monotonic() < deadline:
        time.sleep(0.05)
    return items


def request_body(xml):
    return etree.fromstring(xml).find(f"{{{SOAP}}}Body")[0]


def test_segnatura_is_schema_valid_signed_xades(client, agid_keys):
    xml = client.segnatura(protocol_request(), identifier())
    root = etree.fromstring(xml)
    segnatura.schema().assertValid(segnatura.as_segnatura_informatica(root))  # the official XSD
    results = XAdESVerifier().verify(xml, x509_cert=agid_keys[1], expect_references=3)
    assert len(results) == 3  # document, SignedProperties, KeyInfo
    assert root.findtext("prot:Intestazione/prot:Identificatore/prot:NumeroRegistrazione",
                         namespaces=PROT) == "0000001"
    cf = root.findtext("prot:Descrizione/prot:Mittente/prot:PersonaFisica/prot:CodiceFiscale", namespaces=PROT)
    assert cf == protocol_request().correspondent.fiscal_code
    dest = root.find("prot:Descrizione/prot:Destinatario", PROT)
    assert dest.findtext("prot:Amministrazione/prot:CodiceIPAAOO", namespaces=PROT) == "aoo_esempio"
    assert dest.get(f"{{{PROT['prot']}}}confermaRicezione") == "true"
    names = [d.get(f"{{{PROT['prot']}}}nomeFile") for d in root.iter(
        f"{{{PROT['prot']}}}DocumentoPrimario", f"{{{PROT['prot']}}}Allegato")]
    assert names == ["ricevuta.pdf", "contratto.pdf"]


def test_invalid_segnatura_never_leaves(client, agid_sandbox):
    with pytest.raises(ProtocolRejected, match="non è valida secondo lo schema AgID 3.0.0"):
        client.segnatura(protocol_request(), identifier(number="12"))  # 7 digits at least
    assert agid_sandbox.state()["calls"] == 0


def test_missing_signing_key_is_a_permanent_error(agid_sandbox, agid_keys):
    broken = adapter(agid_sandbox.url, "/nonexistent/key.pem", agid_keys[1])
    with pytest.raises(PermanentError, match="Chiave di firma della segnatura non leggibile"):
        broken.segnatura(protocol_request(), identifier())


def test_message_delivered_then_confirmed_by_the_register(client, agid_sandbox, mittente_endpoint):
    ident = identifier()
    ack = client.send(protocol_request(), client.segnatura(protocol_request(), ident))
    assert ack["NumeroRegistrazione"] == "0000001" and ack["CodiceAOO"] == "aoo_istanze"
    [message] = agid_sandbox.agid()["messages"]
    assert message["number"] == "0000001" and message["files"] == ["ricevuta.pdf", "contratto.pdf"]
    # ConfermaMessaggioInoltro, valid for the official mittente WSDL, with both identifiers
    [(auth, body)] = wait_for(mittente_endpoint)
    assert auth.startswith("Basic ")
    request = request_body(body)
    wsdl_schema(WSDL_MITTENTE).assertValid(request)
    assert etree.QName(request).localname == "RequestConfermaMessaggioInoltro"
    dest = request.find(f"{{{MITT}}}IdentificatoreDestinatario")
    assert dest.findtext("prot:NumeroRegistrazione", namespaces=PROT) == "0000001"
    assert dest.findtext("prot:CodiceAOO", namespaces=PROT) == "aoo_esempio"
    assert request.find(f"{{{MITT}}}IdentificatoreMittente").findtext(
        "prot:CodiceRegistro", namespaces=PROT) == "ISTANZE"


def test_resending_the_same_message_gives_no_new_number(client, agid_sandbox, mittente_endpoint):
    xml = client.segnatura(protocol_request(), identifier())
    agid_sandbox.mode("lose_response", times=1)
    with pytest.raises(ProtocolUnavailable):
        client.send(protocol_request(), xml)  # registered, answer lost
    client.send(protocol_request(), xml)  # the retry
    other = client.segnatura(protocol_request(key="k2"), identifier("0000002"))
    client.send(protocol_request(key="k2"), other)
    numbers = sorted(m["number"] for m in agid_sandbox.agid()["messages"])
    assert numbers == ["0000001", "0000002"]  # the retried message kept its number
    assert len(wait_for(mittente_endpoint, 3)) == 3  # confirmed again for the retry


def test_a_reset_waits_for_the_confirmations_already_scheduled(client, agid_sandbox,
                                                               mittente_endpoint):
    """A confirmation scheduled before a reset reaches the sender before the
    reset answers, never after it (it would land in the next test's site)."""
    agid_sandbox.configure(conferma_delay=1.0)
    client.send(protocol_request(), client.segnatura(protocol_request(), identifier()))
    assert mittente_endpoint == []  # still scheduled
    agid_sandbox.reset()
    assert len(mittente_endpoint) == 1
    assert agid_sandbox.agid()["messages"] == []


def test_schema_invalid_message_refused_by_the_sandbox(client, agid_sandbox):
    root = etree.fromstring(client.segnatura(protocol_request(), identifier()))
    oggetto = root.find("prot:Intestazione/prot:Oggetto", PROT)
    oggetto.getparent().remove(oggetto)
    with pytest.raises(ProtocolRejected, match="non valida secondo gli schemi AgID"):
        client.send(protocol_request(), etree.tostring(root))
    assert agid_sandbox.agid()["messages"] == []


def test_signature_by_another_key_is_an_anomaly(agid_sandbox):
    key_pem, cert_pem = make_key_and_cert("altra AOO")
    other = adapter(agid_sandbox.url, None, cert_pem.decode())
    other.agid_settings().key_env = "AGID_TEST_OTHER_KEY"
    import os

    os.environ["AGID_TEST_OTHER_KEY"] = key_pem.decode()
    try:
        xml = other.segnatura(protocol_request(), identifier())
    finally:
        del os.environ["AGID_TEST_OTHER_KEY"]
    with pytest.raises(ProtocolRejected, match="001_ValidazioneFirma"):
        other.send(protocol_request(), xml)
    assert agid_sandbox.agid()["messages"] == []


def test_wrong_impronta_is_an_anomaly(client, agid_sandbox):
    forged = document("ricevuta.pdf", b"%PDF-1.7 ricevuta")
    forged.data = b"%PDF-1.7 un'altra ricevuta"  # the file is not the one the segnatura names
    request = protocol_request(primary=forged)
    with pytest.raises(ProtocolRejected, match="002_AnomaliaImpronte"):
        client.send(request, client.segnatura(request, identifier()))


def test_faults_and_outages(client, agid_sandbox):
    xml = client.segnatura(protocol_request(), identifier())
    agid_sandbox.mode("fail", times=1)
    with pytest.raises(ProtocolUnavailable, match="Errore interno del registro"):
        client.send(protocol_request(), xml)
    agid_sandbox.mode("down", times=1)
    with pytest.raises(ProtocolUnavailable, match="HTTP 503"):
        client.send(protocol_request(), xml)
    assert agid_sandbox.agid()["messages"] == []
    agid_sandbox.mode("slow", delay=2, times=1)
    with pytest.raises(ProtocolUnavailable, match="non raggiungibile"):
        adapter(agid_sandbox.url, *client_keys(client), timeout=1).send(protocol_request(), xml)
    # the register finishes the slow call after the client gave up: the retry
    # is recognised and gets the same number
    wait_for_messages(agid_sandbox, 1)
    client.send(protocol_request(), xml)
    assert [m["number"] for m in agid_sandbox.agid()["messages"]] == ["0000001"]


def wait_for_messages(agid_sandbox, count):
    deadline = time.monotonic() + 5
    while len(agid_sandbox.agid()["messages"]) < count and time.monotonic() < deadline:
        time.sleep(0.1)


def client_keys(client):
    return client.agid_settings().key_file, client.agid_settings().certificate


def test_message_for_another_aoo_is_refused(client, agid_sandbox):
    client.agid_settings().aoo_destinatario = "aoo_altra"
    with pytest.raises(ProtocolRejected, match="non è indirizzato a questa AOO"):
        client.send(protocol_request(), client.segnatura(protocol_request(), identifier()))


def test_annulment_by_the_sender(client, agid_sandbox, mittente_endpoint):
    ident = identifier()
    client.send(protocol_request(), client.segnatura(protocol_request(), ident))
    dest = {**ident, "CodiceAOO": "aoo_esempio", "CodiceRegistro": "PG"}
    answer = client.annul(ident, dest, "Determina n. 12/2026", "Istanza ritirata")
    assert answer["NumeroRegistrazione"] == "0000001"
    assert agid_sandbox.agid()["messages"][0]["state"] == "annullato"
    with pytest.raises(ProtocolRejected, match="007_ErroreIdentificatoreNonTrovato"):
        client.annul(identifier("0000099"), dest, "Determina n. 13/2026")


def test_wsdl_served_on_the_desk(agid_sandbox):
    answer = requests.get(agid_sandbox.url + "?wsdl", timeout=10)
    assert answer.status_code == 200 and b"MessaggioInoltro" in answer.content


def test_outgoing_document_goes_to_the_register_too(client, agid_sandbox):
    """Uscita: the Comune (our AOO) writes to the citizen; the protocol AOO is
    the addressee that registers, the citizen a further Destinatario."""
    request = protocol_request(key="protocol.outgoing:uid-1:doc-1")
    request.direction = "Uscita"
    xml = client.segnatura(request, identifier("0000003"))
    root = etree.fromstring(xml)
    assert root.findtext("prot:Descrizione/prot:Mittente/prot:Amministrazione/prot:CodiceIPAAOO",
                         namespaces=PROT) == "aoo_istanze"
    first, second = root.findall("prot:Descrizione/prot:Destinatario", PROT)
    assert first.findtext("prot:Amministrazione/prot:CodiceIPAAOO", namespaces=PROT) == "aoo_esempio"
    assert second.find("prot:PersonaFisica", PROT) is not None
    assert client.send(request, xml)["NumeroRegistrazione"] == "0000003"
    assert [m["number"] for m in agid_sandbox.agid()["messages"]] == ["0000001"]

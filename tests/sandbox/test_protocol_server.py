"""The sandbox protocol register on its own (SOAP over HTTP, no Plone)."""

from lxml import etree
from sandbox.protocol.segnatura import schema
from sandbox.protocol.server import make_server
from signxml import XMLVerifier

import base64
import hashlib
import json
import pytest
import threading
import time
import urllib.error
import urllib.request


WS = "urn:comune-istanze:protocollo:1"
PROT = {"prot": "http://www.agid.gov.it/protocollo/"}
SOAP = "http://schemas.xmlsoap.org/soap/envelope/"


@pytest.fixture
def server():
    srv = make_server("127.0.0.1", 0)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()
    srv.server_close()


def doc(tag, name, data, impronta=None):
    digest = impronta or base64.b64encode(hashlib.sha256(data).digest()).decode()
    return (f'<p:{tag} nomeFile="{name}" mimeType="application/pdf"><p:Impronta>{digest}</p:Impronta>'
            f"<p:Contenuto>{base64.b64encode(data).decode()}</p:Contenuto></p:{tag}>")


def envelope(key="chiave-00000001", cf="RSSMRA80A01H501U", impronta=None, verso="Entrata"):
    return (f'<s:Envelope xmlns:s="{SOAP}"><s:Body><p:RegistraProtocollo xmlns:p="{WS}">'
            f"<p:ChiaveIdempotenza>{key}</p:ChiaveIdempotenza><p:Verso>{verso}</p:Verso>"
            "<p:Oggetto>Istanza 2026-CONTAFF-000001 — Contributo affitto</p:Oggetto>"
            "<p:Classifica><p:Denominazione>Contributo</p:Denominazione><p:CodiceFlat>7.1</p:CodiceFlat></p:Classifica>"
            f"<p:Corrispondente><p:Nome>Niccolò</p:Nome><p:Cognome>Rossi</p:Cognome><p:CodiceFiscale>{cf}</p:CodiceFiscale>"
            "<p:IndirizzoTelematico>n@example.it</p:IndirizzoTelematico></p:Corrispondente>"
            + doc("DocumentoPrimario", "ricevuta.pdf", b"%PDF ricevuta", impronta)
            + doc("Allegato", "contratto.pdf", b"%PDF contratto")
            + "</p:RegistraProtocollo></s:Body></s:Envelope>").encode("utf-8")


def post(url, body, path="/protocollo"):
    req = urllib.request.Request(url + path, data=body, headers={"Content-Type": "text/xml"})
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def control(url, **cmd):
    return post(url, json.dumps(cmd).encode(), "/_control")


def answer(body):
    root = etree.fromstring(body)
    return root.find(f"{{{SOAP}}}Body/{{{WS}}}RegistraProtocolloRisposta")


def test_serves_the_wsdl(server):
    with urllib.request.urlopen(server + "/protocollo?wsdl") as resp:
        wsdl = etree.fromstring(resp.read())
    assert wsdl.get("targetNamespace") == WS


def test_registers_with_a_signed_schema_valid_segnatura(server):
    status, body = post(server, envelope())
    assert status == 200
    res = answer(body)
    assert res.findtext(f"{{{WS}}}Identificatore/{{{WS}}}NumeroRegistrazione") == "0000001"
    assert res.findtext(f"{{{WS}}}GiaRegistrato") == "false"
    xml = base64.b64decode(res.findtext(f"{{{WS}}}Segnatura"))
    seg = etree.fromstring(xml)
    schema().assertValid(seg)
    with urllib.request.urlopen(server + "/_control/cert") as resp:
        cert = resp.read().decode()
    XMLVerifier().verify(xml, x509_cert=cert)
    imp = seg.find("prot:Descrizione/prot:DocumentoPrimario/prot:Impronta", PROT)
    assert base64.b64decode(imp.text) == hashlib.sha256(b"%PDF ricevuta").digest()
    assert seg.find("prot:Descrizione/prot:Mittente/prot:PersonaFisica/prot:Nome", PROT).text == "Niccolò"
    # a tampered segnatura does not verify
    tampered = xml.replace(b"0000001", b"0000002")
    with pytest.raises(Exception):
        XMLVerifier().verify(tampered, x509_cert=cert)


def test_deduplicates_by_idempotency_key(server):
    first = answer(post(server, envelope(key="chiave-AAAAAAAA"))[1])
    again = answer(post(server, envelope(key="chiave-AAAAAAAA"))[1])
    other = answer(post(server, envelope(key="chiave-BBBBBBBB"))[1])
    n = f"{{{WS}}}Identificatore/{{{WS}}}NumeroRegistrazione"
    assert first.findtext(n) == again.findtext(n) == "0000001"
    assert again.findtext(f"{{{WS}}}GiaRegistrato") == "true"
    assert other.findtext(n) == "0000002"


@pytest.mark.parametrize("body, message", [
    (envelope(cf="NONVALIDO"), "Richiesta non valida"),
    (envelope(impronta=base64.b64encode(b"x" * 32).decode()), "Impronta non corrispondente"),
    (envelope(verso="Altro"), "Richiesta non valida"),
    (b"<not-xml", "XML non valido"),
])
def test_invalid_requests_get_a_client_fault(server, body, message):
    status, raw = post(server, body)
    assert status == 500
    fault = etree.fromstring(raw).find(f"{{{SOAP}}}Body/{{{SOAP}}}Fault")
    assert fault.findtext("faultcode") == "soap:Client"
    assert message in fault.findtext("faultstring")


def test_hooks_down_failing_slow(server):
    control(server, mode="down", times=1)
    assert post(server, envelope())[0] == 503
    control(server, mode="fail")
    status, raw = post(server, envelope())
    assert status == 500 and b"soap:Server" in raw
    control(server, mode="slow", delay=0.3)
    started = time.monotonic()
    assert post(server, envelope())[0] == 200
    assert time.monotonic() - started >= 0.3
    with urllib.request.urlopen(server + "/_control/state") as resp:
        state = json.loads(resp.read())
    assert state["count"] == 1 and state["calls"] == 3


def test_demo_register_signs_with_the_certificate_the_demo_site_is_given(monkeypatch):
    """``python -m sandbox.protocol`` signs with the committed demo pair, and
    sandbox.SIMULATORS gives the demo site that certificate to verify with."""
    import sandbox
    import sandbox.protocol.__main__ as entry
    from comune.istanze.integrations.protocol.segnatura import ProtocolRejected
    from comune.istanze.integrations.protocol.segnatura import verify_signature
    from sandbox.protocol.signing import make_key_and_cert
    from sandbox.protocol.signing import sign

    used = {}
    monkeypatch.setattr(entry, "serve", lambda *args, **kw: used.setdefault("keys", args[-1]))
    entry.main(["--port", "0"])
    key, cert = used["keys"]
    assert cert.decode() == sandbox.DEMO_CERT
    assert sandbox.wanted_records(8080)["comune.istanze.protocol.signing_certificate"] == sandbox.DEMO_CERT
    signed = etree.tostring(sign(etree.fromstring(b"<Segnatura><n>1</n></Segnatura>"), key, cert))
    verify_signature(signed, sandbox.DEMO_CERT)
    _other_key, other_cert = make_key_and_cert()
    with pytest.raises(ProtocolRejected):
        verify_signature(signed, other_cert.decode())

"""A trusted list (ETSI TS 119 612, the shape of AgID's TSL-IT) becomes the
PEM trust list: only granted CA/QC services count."""

from comune.istanze.demo import signing_ca
from comune.istanze.signatures import tsl
from comune.istanze.signatures.trust import parse_bundle
from comune.istanze.signatures.trust import trust_roots
from cryptography.hazmat.primitives import serialization
from tests.signatures.conftest import make_pki
from tests.signatures.conftest import signed
from tests.signatures.test_verifiers import check

import base64


def service(cert, kind=tsl.CA_QC, status=tsl.GRANTED[0]):
    der = base64.b64encode(cert.cert.public_bytes(serialization.Encoding.DER)).decode()
    return f"""<TSPService><ServiceInformation>
      <ServiceTypeIdentifier>{kind}</ServiceTypeIdentifier>
      <ServiceName><Name xml:lang="it">servizio</Name></ServiceName>
      <ServiceDigitalIdentity><DigitalId><X509Certificate>
        {der[:60]}
        {der[60:]}</X509Certificate></DigitalId></ServiceDigitalIdentity>
      <ServiceStatus>{status}</ServiceStatus>
    </ServiceInformation></TSPService>"""


def trusted_list(*services):
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<TrustServiceStatusList xmlns="http://uri.etsi.org/02231/v2#">
  <TrustServiceProviderList><TrustServiceProvider><TSPServices>
  {"".join(services)}
  </TSPServices></TrustServiceProvider></TrustServiceProviderList>
</TrustServiceStatusList>""".encode()


def test_granted_qualified_cas_only(portal, tmp_path, capsys):
    pki = make_pki()
    withdrawn = signing_ca.make_ca("CA ritirata")
    timestamping = signing_ca.make_ca("TSA")
    xml = trusted_list(
        service(pki.ca),
        service(withdrawn, status="http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/withdrawn"),
        service(timestamping, kind="http://uri.etsi.org/TrstSvc/Svctype/TSA/QTST"),
        service(pki.ca),  # listed twice: once in the bundle
    )
    (tmp_path / "TSL-IT.xml").write_bytes(xml)
    assert tsl.main([str(tmp_path / "TSL-IT.xml")]) == 0
    out = capsys.readouterr()
    assert "1 certificati di CA qualificate" in out.err
    roots = parse_bundle(out.out.encode())
    assert [r.subject.native["common_name"] for r in roots] == ["CA di prova dei test"]
    (tmp_path / "firme.pem").write_text(out.out)
    assert check("pades", signed("pades", "mario"), trust_roots("", str(tmp_path / "firme.pem"))).valid
    assert tsl.main([]) == 2


def test_entities_are_not_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("MIIB")
    xml = (f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file://{secret}">]>'
           '<TrustServiceStatusList xmlns="http://uri.etsi.org/02231/v2#"><TSPService>'
           f'<ServiceInformation><ServiceTypeIdentifier>{tsl.CA_QC}</ServiceTypeIdentifier>'
           f'<ServiceStatus>{tsl.GRANTED[0]}</ServiceStatus><ServiceDigitalIdentity><DigitalId>'
           '<X509Certificate>&e;</X509Certificate></DigitalId></ServiceDigitalIdentity>'
           '</ServiceInformation></TSPService></TrustServiceStatusList>').encode()
    assert tsl.qualified_ca_certificates(xml) == []

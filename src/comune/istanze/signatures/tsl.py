"""The trust list from a Trusted List (ETSI TS 119 612): AgID's TSL-IT or
any EU member state's list, downloaded by the Comune, never at run time.

AgID publishes the Italian list at https://eidas.agid.gov.it/TL/TSL-IT.xml
(the EU "list of lists" at https://ec.europa.eu/tools/lotl/eu-lotl.xml
points to every state's list). The certificates of the services of type
``CA/QC`` (issuers of qualified certificates) whose current status is
``granted`` are the anchors of qualified signatures::

    curl -o TSL-IT.xml https://eidas.agid.gov.it/TL/TSL-IT.xml
    .venv/bin/python -m comune.istanze.signatures.tsl TSL-IT.xml > /etc/comune/firme.pem

then set ``comune.istanze.signatures.trust_list_path`` to the PEM file (or
paste it in ``trust_list_pem``). Renew it like the antivirus signatures: the
list changes when a provider is added or withdrawn.
"""

from lxml import etree

import base64
import sys
import textwrap


NS = {"tsl": "http://uri.etsi.org/02231/v2#"}
CA_QC = "http://uri.etsi.org/TrstSvc/Svctype/CA/QC"
GRANTED = (
    "http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/granted",
    # before eIDAS (lists of 2016 and earlier)
    "http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/accredited",
    "http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/undersupervision",
)


def qualified_ca_certificates(xml: bytes) -> list:
    """DER certificates of the granted CA/QC services of a trusted list."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    root = etree.fromstring(xml, parser=parser)
    found = []
    for info in root.iterfind(".//tsl:TSPService/tsl:ServiceInformation", NS):
        kind = info.findtext("tsl:ServiceTypeIdentifier", namespaces=NS, default="").strip()
        status = info.findtext("tsl:ServiceStatus", namespaces=NS, default="").strip()
        if kind != CA_QC or status not in GRANTED:
            continue
        for text in info.iterfind(".//tsl:ServiceDigitalIdentity/tsl:DigitalId/tsl:X509Certificate", NS):
            der = base64.b64decode("".join((text.text or "").split()))
            if der and der not in found:
                found.append(der)
    return found


def to_pem(ders) -> str:
    return "".join(
        "-----BEGIN CERTIFICATE-----\n"
        + "\n".join(textwrap.wrap(base64.b64encode(der).decode("ascii"), 64))
        + "\n-----END CERTIFICATE-----\n"
        for der in ders
    )


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        sys.stderr.write("Uso: python -m comune.istanze.signatures.tsl TSL-IT.xml > firme.pem\n")
        return 2
    with open(argv[0], "rb") as fp:
        ders = qualified_ca_certificates(fp.read())
    sys.stdout.write(to_pem(ders))
    sys.stderr.write(f"{len(ders)} certificati di CA qualificate\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

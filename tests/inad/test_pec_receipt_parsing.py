"""PEC receipts as a provider sends them (S/MIME signed, daticert.xml) read
into a Receipt; and what each kind of receipt does to a "pec" delivery."""

from comune.istanze.integrations.inad import mailbox
from comune.istanze.integrations.inad.receipts import parse_receipt
from comune.istanze.integrations.inad.receipts import Receipt
from comune.istanze.messages.store import add_message
from comune.istanze.messages.store import record_delivery
from datetime import datetime
from datetime import timedelta
from datetime import timezone
from tests.fixtures import make_citizen
from tests.fixtures import make_type
from tests.fixtures import submit_as
from xml.sax.saxutils import escape

import base64
import pytest


REFERENCE = ("<1764470400.4242.987654321.0123456789abcdef0123456789abcdef.a1b2c3d4e5f6"
             "@pec.comune.example>")
DATICERT = """<?xml version="1.0" encoding="UTF-8"?>
<postacert tipo="{kind}" errore="{error}">
  <intestazione>
    <mittente>protocollo@pec.comune.example</mittente>
    <destinatari tipo="certificato">mario.rossi@pec.cittadini.example</destinatari>
    <risposte>protocollo@pec.comune.example</risposte>
    <oggetto>Richiesta di integrazione</oggetto>
  </intestazione>
  <dati>
    <gestore-emittente>GESTORE DI PROVA</gestore-emittente>
    <data zona="+0100"><giorno>30/11/2026</giorno><ora>10:15:42</ora></data>
    <identificativo>opec21.20261130101542.12345.67.1.1@pec.gestore.example</identificativo>
    <msgid>{reference}</msgid>
    {more}
  </dati>
</postacert>
"""


def provider_receipt(kind, error="nessuno", more="", reference=REFERENCE, xml=None):
    """A receipt shaped like a provider's: multipart/signed around
    multipart/mixed (text, daticert.xml in base64), a folded reference."""
    xml = xml if xml is not None else DATICERT.format(kind=kind, error=error, more=more,
                                                      reference=escape(reference))
    encoded = base64.encodebytes(xml.encode("utf-8")).decode("ascii")
    folded = "\n\t" + reference  # folded before the long value, as providers do
    return f"""Return-Path: <posta-certificata@pec.gestore.example>
Message-ID: <opec21.20261130101542.12345.67.1.2@pec.gestore.example>
Date: Mon, 30 Nov 2026 10:15:43 +0100
X-Ricevuta: {kind}
X-Riferimento-Message-ID:{folded}
X-VerificaSicurezza: errore
Subject: =?UTF-8?Q?CONSEGNA:_Richiesta_di_integrazione?=
From: posta-certificata@pec.gestore.example
To: protocollo@pec.comune.example
MIME-Version: 1.0
Content-Type: multipart/signed; protocol="application/pkcs7-signature"; micalg=sha-256;
 boundary="----S"

------S
Content-Type: multipart/mixed; boundary="----M"

------M
Content-Type: text/plain; charset=UTF-8

Ricevuta di avvenuta consegna

------M
Content-Type: application/xml; name="daticert.xml"
Content-Disposition: inline; filename="daticert.xml"
Content-Transfer-Encoding: base64

{encoded}
------M--

------S
Content-Type: application/pkcs7-signature; name="smime.p7s"
Content-Transfer-Encoding: base64
Content-Disposition: attachment; filename="smime.p7s"

MIIBAA==

------S--
""".replace("\n", "\r\n").encode("utf-8")


def test_a_delivery_receipt_is_read_whole():
    receipt = parse_receipt(provider_receipt(
        "avvenuta-consegna", more="<consegna>mario.rossi@pec.cittadini.example</consegna>"))
    assert receipt.kind == "avvenuta-consegna"
    assert receipt.reference == REFERENCE  # unfolded
    assert receipt.id == "<opec21.20261130101542.12345.67.1.2@pec.gestore.example>"
    assert receipt.at == datetime(2026, 11, 30, 10, 15, 42,
                                  tzinfo=timezone(timedelta(hours=1)))  # daticert's, not Date
    assert receipt.recipient == "mario.rossi@pec.cittadini.example"
    assert (receipt.error, receipt.reason) == ("nessuno", "")
    assert mailbox.referenced(receipt.reference) == ("0123456789abcdef0123456789abcdef",
                                                     "a1b2c3d4e5f6")


def test_an_errore_consegna_carries_the_reason():
    receipt = parse_receipt(provider_receipt(
        "errore-consegna", error="no-dest",
        more="<consegna>x@pec.example</consegna><errore-esteso>5.1.1 - Utente sconosciuto"
             "</errore-esteso>"))
    assert (receipt.kind, receipt.error) == ("errore-consegna", "no-dest")
    assert receipt.reason == "5.1.1 - Utente sconosciuto"
    receipt = parse_receipt(provider_receipt("non-accettazione", error="virus"))
    assert receipt.reason == "virus"  # no errore-esteso: the code


def test_without_daticert_the_date_header_is_used():
    receipt = parse_receipt(provider_receipt("accettazione", xml="<non-xml"))
    assert receipt.kind == "accettazione" and receipt.recipient == ""
    assert receipt.at == datetime(2026, 11, 30, 10, 15, 43, tzinfo=timezone(timedelta(hours=1)))


@pytest.mark.parametrize("raw", [
    b"Subject: ciao\r\n\r\nUna PEC di un cittadino\r\n",
    provider_receipt("sconosciuta"),
    b"X-Ricevuta: accettazione\r\nSubject: senza riferimento\r\n\r\n.\r\n",
])
def test_other_emails_are_not_receipts(raw):
    assert parse_receipt(raw) is None


@pytest.fixture
def delivery(portal):
    """A message of an application with a "sent" pec delivery and our Message-ID."""
    app = submit_as(portal, make_type(portal, code="CASA"), make_citizen("Mario", "Rossi"))
    msg, _ = add_message(app, "communication", "Avviso", "Testo", "Ufficio")
    record = record_delivery(msg, "pec", "sent", address="mario.rossi@pec.cittadini.example")
    record["message_id"] = f"<1.2.3.{app.UID()}.{msg.id}@pec.comune.example>"
    return record


def receipt_for(record, kind, number, **kw):
    return Receipt(kind=kind, reference=record["message_id"], id=f"<r{number}@gestore>",
                   at=datetime(2026, 11, 30, 10, number, tzinfo=timezone.utc), **kw)


def test_each_kind_does_what_the_rules_say(portal, delivery):
    assert mailbox.apply_receipt(portal, receipt_for(delivery, "accettazione", 1)) == "applied"
    assert (delivery["status"], delivery["detail"]) == ("sent", mailbox.ACCEPTED)
    mailbox.apply_receipt(portal, receipt_for(delivery, "presa-in-carico", 2))
    assert delivery["status"] == "sent"
    mailbox.apply_receipt(portal, receipt_for(delivery, "avvenuta-consegna", 3))
    assert delivery["status"] == "delivered"
    assert delivery["at"] == datetime(2026, 11, 30, 10, 3, tzinfo=timezone.utc).astimezone(
    ).replace(tzinfo=None)  # the certified time, local
    # a delivered PEC stays delivered; a receipt seen before changes nothing
    mailbox.apply_receipt(portal, receipt_for(delivery, "errore-consegna", 4, reason="x"))
    assert delivery["status"] == "delivered"
    assert mailbox.apply_receipt(portal, receipt_for(delivery, "avvenuta-consegna", 3)) == "known"
    assert len(delivery["receipts"]) == 4


def test_a_failure_is_failed_with_the_reason(portal, delivery):
    mailbox.apply_receipt(portal, receipt_for(delivery, "non-accettazione", 1,
                                              reason="Destinatari non validi"))
    assert (delivery["status"], delivery["detail"]) == (
        "failed", "Non accettato dal gestore PEC: Destinatari non validi")


def test_only_our_exact_message_id_is_applied(portal, delivery):
    stranger = Receipt(kind="avvenuta-consegna", reference=delivery["message_id"].replace(
        "<1.2.3", "<9.9.9"), id="<r1@gestore>")
    assert mailbox.apply_receipt(portal, stranger) is None
    assert mailbox.apply_receipt(portal, Receipt(kind="avvenuta-consegna",
                                                 reference="<x@y>")) is None
    assert delivery["status"] == "sent"

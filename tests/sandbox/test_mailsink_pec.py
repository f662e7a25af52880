"""The mail sink as the PEC provider of the Comune's PEC address: receipts
(accettazione, avvenuta-consegna, errore-consegna) in the sender's mailbox,
served over POP3 (RFC 1939) and read here with the stdlib's poplib."""

from comune.istanze.integrations.inad.receipts import parse_receipt
from email.message import EmailMessage
from email.utils import make_msgid
from sandbox.mailsink.pec import PECProvider
from sandbox.mailsink.pop3 import make_pop3_server
from sandbox.mailsink.smtp import make_smtp_server
from sandbox.mailsink.store import MailStore
from sandbox.mailsink.web import make_web_server
from tests.sandboxes import SandboxDriver
from tests.sandboxes import serving

import poplib
import pytest
import smtplib
import threading


PEC_SENDER = "protocollo@pec.comune-esempio.example"
PASSWORD = "segreta"


@pytest.fixture
def pec_sink():
    """The sink with a PEC provider: .smtp_port, .pop3_port, .provider."""
    provider = PECProvider(PEC_SENDER, PASSWORD)
    store = MailStore(pec=provider)
    servers = [make_smtp_server("127.0.0.1", 0, store), make_pop3_server("127.0.0.1", 0, provider)]
    for server in servers:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with serving(make_web_server("127.0.0.1", 0, store)) as web:
            driver = SandboxDriver(web)
            driver.smtp_port = servers[0].server_address[1]
            driver.pop3_port = servers[1].server_address[1]
            driver.provider = provider
            driver.password = PASSWORD
            yield driver
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()


def send(port, to, sender=PEC_SENDER, subject="Esito della domanda"):
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = sender, ", ".join(to), subject
    msg["Message-ID"] = make_msgid(domain="pec.comune-esempio.example")
    msg.set_content("Gentile cittadino,\n.la domanda è accolta.")
    with smtplib.SMTP("127.0.0.1", port, timeout=10) as client:
        client.send_message(msg)
    return msg["Message-ID"]


def pop3(sink, password=PASSWORD):
    box = poplib.POP3("127.0.0.1", sink.pop3_port, timeout=10)
    box.user(PEC_SENDER)
    box.pass_(password)
    return box


def receipts(box):
    return [parse_receipt(b"\r\n".join(box.retr(n)[1]))
            for n in range(1, len(box.list()[1]) + 1)]


def test_a_pec_gets_acceptance_and_delivery_receipts(pec_sink):
    msgid = send(pec_sink.smtp_port, ["mario.rossi@pec.cittadini.example"])
    box = pop3(pec_sink)
    assert box.stat()[0] == 2
    accepted, delivered = receipts(box)
    box.quit()
    assert (accepted.kind, accepted.reference) == ("accettazione", msgid)
    assert (delivered.kind, delivered.reference) == ("avvenuta-consegna", msgid)
    assert delivered.recipient == "mario.rossi@pec.cittadini.example"
    assert delivered.error == "nessuno" and delivered.reason == ""
    assert delivered.at is not None and delivered.at.tzinfo is not None
    assert accepted.id != delivered.id
    listed = pec_sink.call_json("/api/pec")["receipts"]
    assert [r["ricevuta"] for r in listed] == ["accettazione", "avvenuta-consegna"]
    assert listed[1]["subject"] == "CONSEGNA: Esito della domanda"


def test_rejected_recipients_get_an_errore_consegna(pec_sink):
    pec_sink.call("/_control/pec", {"reject": ["giulia@pec.cittadini.example"]})
    send(pec_sink.smtp_port, ["giulia@pec.cittadini.example", "errore@pec.example",
                              "luca@pec.cittadini.example"])
    box = pop3(pec_sink)
    kinds = [(r.kind, r.recipient, r.error) for r in receipts(box)]
    box.quit()
    assert kinds == [("accettazione", "", "nessuno"),
                     ("errore-consegna", "giulia@pec.cittadini.example", "no-dest"),
                     ("errore-consegna", "errore@pec.example", "no-dest"),
                     ("avvenuta-consegna", "luca@pec.cittadini.example", "nessuno")]


def test_mail_from_other_senders_gets_no_receipts(pec_sink):
    send(pec_sink.smtp_port, ["mario@example.org"], sender="servizi@comune.example")
    assert len(pec_sink.call_json("/api/messages")["messages"]) == 1  # still captured
    box = pop3(pec_sink)
    assert box.stat() == (0, 0)
    box.quit()


def test_dele_takes_effect_only_at_quit(pec_sink):
    send(pec_sink.smtp_port, ["mario@pec.example"])
    box = pop3(pec_sink)
    uids = [line.split()[1] for line in box.uidl()[1]]
    assert len(uids) == 2 and box.uidl(1).split()[2] == uids[0]
    box.dele(1)
    assert box.stat()[0] == 1 and box.list()[1] == [box.list()[1][0]]
    box.close()  # the connection drops without QUIT: nothing deleted
    box = pop3(pec_sink)
    box.dele(1)
    box.rset()  # undone
    box.dele(2)
    with pytest.raises(poplib.error_proto):
        box.retr(2)  # marked deleted
    assert box.noop().startswith(b"+OK")
    box.quit()
    assert [r["uid"] for r in pec_sink.call_json("/api/pec")["receipts"]] == [uids[0].decode()]


def test_wrong_password_and_commands_before_login_are_refused(pec_sink):
    box = poplib.POP3("127.0.0.1", pec_sink.pop3_port, timeout=10)
    with pytest.raises(poplib.error_proto):
        box.stat()
    box.user(PEC_SENDER)
    with pytest.raises(poplib.error_proto):
        box.pass_("sbagliata")
    box.quit()


def test_message_lines_starting_with_a_dot_survive_retr(pec_sink):
    """RETR byte-stuffs; poplib undoes it: the stored receipt comes back whole."""
    pec_sink.provider.put(b"Subject: prova\r\n\r\n.riga con punto\r\n..due\r\n")
    box = pop3(pec_sink)
    assert box.retr(1)[1] == [b"Subject: prova", b"", b".riga con punto", b"..due"]
    box.quit()


def test_simulator_line_makes_the_sink_the_pec_provider(portal):
    """make start: the sink is told the PEC sender and the site reads its POP3."""
    from sandbox import DEMO_PEC_SENDER
    from sandbox import SIMULATORS

    sim = next(s for s in SIMULATORS if s.name == "mailsink")
    command = sim.command("python", 8080)
    assert command[command.index("--pec-sender") + 1] == DEMO_PEC_SENDER
    records = sim.records(8080)
    assert records["comune.istanze.inad.pec_pop3_port"] == 8091  # the page's port + 2
    assert sim.port_offset + sim.extra_ports == 11
    assert records["comune.istanze.inad.pec_pop3_user"] == DEMO_PEC_SENDER
    assert records["comune.istanze.inad.pec_sender"] == DEMO_PEC_SENDER
    registry = portal.portal_registry
    assert all(name in registry.records for name in records)  # every record exists

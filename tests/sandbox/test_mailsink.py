"""The demo's mail sink: SMTP in, the captured emails on a page and in JSON;
and the product's real email job delivering into it through MailHost."""

from comune.istanze.outbox import queue
from comune.istanze.outbox import worker
from comune.istanze.outbox.email import queue_email
from email.message import EmailMessage
from plone import api
from sandbox.mailsink.smtp import make_smtp_server
from sandbox.mailsink.store import MailStore
from sandbox.mailsink.web import make_web_server
from tests.sandboxes import SandboxDriver
from tests.sandboxes import serving

import pytest
import smtplib
import threading
import transaction
import urllib.request


@pytest.fixture
def sink():
    store = MailStore()
    smtp = make_smtp_server("127.0.0.1", 0, store)
    threading.Thread(target=smtp.serve_forever, daemon=True).start()
    try:
        with serving(make_web_server("127.0.0.1", 0, store)) as web:
            driver = SandboxDriver(web)
            driver.smtp_port = smtp.server_address[1]
            yield driver
    finally:
        smtp.shutdown()
        smtp.server_close()


def _send(port, to="giulia@example.org", subject="Ricevuta n. 12", body="Gentile Giulia,\n.riga"):
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "comune@example.org", to, subject
    msg.set_content(body)
    with smtplib.SMTP("127.0.0.1", port, timeout=10) as client:
        return client.send_message(msg)


def _page(driver, path):
    with urllib.request.urlopen(driver.base + path, timeout=10) as resp:
        return resp.status, resp.read().decode("utf-8")


def test_captures_what_smtp_delivers_and_lists_it(sink):
    assert _send(sink.smtp_port) == {}
    _send(sink.smtp_port, to="mario@example.org", subject="Esito <finale>")
    [message] = sink.call_json("/api/messages?a=giulia@example.org")["messages"]
    assert message["subject"] == "Ricevuta n. 12"
    assert message["envelope_to"] == ["giulia@example.org"]
    assert message["body"] == "Gentile Giulia,\n.riga\n"  # dot-stuffing undone
    status, html = _page(sink, "/")
    assert status == 200 and "2 email catturate" in html
    assert "Esito &lt;finale&gt;" in html and "<finale>" not in html  # escaped
    status, html = _page(sink, f"/messaggi/{message['id']}")
    assert "Gentile Giulia" in html and 'lang="it"' in html


def test_unknown_message_is_a_404_page(sink):
    with pytest.raises(urllib.error.HTTPError) as error:
        _page(sink, "/messaggi/999")
    assert error.value.code == 404


def test_fail_mode_refuses_temporarily_then_accepts(sink):
    sink.call("/_control", {"mode": "fail", "times": 1})
    with pytest.raises(smtplib.SMTPDataError) as error:
        _send(sink.smtp_port)
    assert error.value.smtp_code == 451
    assert sink.call_json("/api/messages")["messages"] == []
    _send(sink.smtp_port)
    assert len(sink.call_json("/api/messages")["messages"]) == 1
    sink.call("/_control/reset", {})
    assert sink.call_json("/_control/state")["count"] == 0


def test_down_mode_closes_the_connection(sink):
    sink.call("/_control", {"mode": "down"})
    with pytest.raises(smtplib.SMTPException):
        _send(sink.smtp_port)
    assert sink.call_json("/api/messages")["messages"] == []


def test_the_outbox_email_job_reaches_the_sink(functional, functional_portal, sink):
    """What `make start` wires: Plone's mail settings point at the sink and the
    worker sends the product's queued email through the site's MailHost."""
    api.portal.set_registry_record("plone.smtp_host", "127.0.0.1")
    api.portal.set_registry_record("plone.smtp_port", sink.smtp_port)
    api.portal.set_registry_record("plone.email_from_address", "servizi@comune.example")
    job = queue_email("giulia@example.org", "La tua istanza", "Numero 2026/000123")
    transaction.commit()
    assert worker.process(functional_portal, job.id) == queue.DONE
    [message] = sink.call_json("/api/messages")["messages"]
    assert message["envelope_to"] == ["giulia@example.org"]
    assert message["subject"] == "La tua istanza"
    assert "Numero 2026/000123" in message["body"]
    assert message["envelope_from"] == "servizi@comune.example"


def test_a_refusing_sink_leaves_the_job_to_retry(functional, functional_portal, sink):
    api.portal.set_registry_record("plone.smtp_host", "127.0.0.1")
    api.portal.set_registry_record("plone.smtp_port", sink.smtp_port)
    api.portal.set_registry_record("plone.email_from_address", "servizi@comune.example")
    sink.call("/_control", {"mode": "fail"})
    job = queue_email("mario@example.org", "Esito", "Accolta")
    transaction.commit()
    assert worker.process(functional_portal, job.id) == queue.PENDING
    assert sink.call_json("/api/messages")["messages"] == []
    sink.call("/_control", {"mode": "ok"})
    transaction.begin()
    queue.get_job(functional_portal, job.id).next_attempt = 0
    transaction.commit()
    assert worker.process(functional_portal, job.id) == queue.DONE
    assert [m["subject"] for m in sink.call_json("/api/messages")["messages"]] == ["Esito"]

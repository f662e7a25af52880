"""Oversized requests over real HTTP (functional layer's waitress): 413, nothing stored.

The site's limit is set low through the registry (1 MB), so that no test
sends more than a few megabytes.
"""

from comune.istanze.documents.attachments import attachments_of
from comune.istanze.messages.store import messages_of
from comune.istanze.documents.store import documents_of
from comune.istanze.uploads.limits import MB
from comune.istanze.uploads.limits import RECORD
from plone import api
from tests.fixtures import CITIZEN_PASSWORD
from tests.restapi.conftest import applications
from tests.restapi.conftest import attachment
from tests.restapi.conftest import body
from tests.restapi.conftest import PDF

import base64
import pytest
import requests
import socket
import transaction


TOO_BIG = "La richiesta supera il limite di 1 MB"


@pytest.fixture
def one_mb(functional_portal):
    api.portal.set_registry_record(RECORD, 1)
    transaction.commit()


def big_pdf(size):
    return PDF + b"%" * (size - len(PDF))


def draft(rest_type, mario):
    resp = mario.post(f"{rest_type.getId()}/@istanze", json=body(submit=False, attachments=[]))
    assert resp.status_code == 201, resp.text
    transaction.begin()
    return rest_type[resp.json()["id"]]


def test_rest_body_over_the_limit_is_413_json(rest_type, mario, one_mb):
    before = applications(rest_type)
    huge = body(attachments=[attachment(big_pdf(2 * MB))])
    resp = mario.post(f"{rest_type.getId()}/@istanze", json=huge)
    assert resp.status_code == 413, resp.text[:500]
    error = resp.json()["error"]
    assert error["type"] == "RequestEntityTooLarge" and TOO_BIG in error["message"]
    assert applications(rest_type) == before


def test_web_form_over_the_limit_is_413_page(rest_type, mario, one_mb):
    app = draft(rest_type, mario)
    url = f"{app.absolute_url()}/@@compila?step=allegati"
    resp = requests.post(url, auth=(mario.user_id, CITIZEN_PASSWORD), timeout=60,
                         headers={"Accept": "text/html"},
                         files={"allegato-0": ("contratto.pdf", big_pdf(2 * MB), "application/pdf")},
                         data={"form.buttons.next": "Avanti"})
    assert resp.status_code == 413
    assert resp.headers["Content-Type"].startswith("text/html")
    assert TOO_BIG in resp.text and 'lang="it"' in resp.text
    transaction.begin()
    assert attachments_of(app) == []


def test_body_within_the_limit_passes(rest_type, mario, one_mb):
    resp = mario.post(f"{rest_type.getId()}/@istanze", json=body(attachments=[attachment(big_pdf(MB // 2))]))
    assert resp.status_code == 201, resp.text  # about 700 KB of JSON: under the 1 MB limit


def test_attachment_over_its_own_limit_is_refused_before_decoding(rest_type, mario):
    app = draft(rest_type, mario)
    item = attachment(big_pdf(MB + 1))  # the type allows 1 MB for this attachment
    resp = mario.post(f"{rest_type.getId()}/{app.getId()}/@istanze-allegati", json=item)
    assert resp.status_code == 400, resp.text
    error = resp.json()["error"]
    assert error["field"] == "attachments"
    assert "supera la dimensione massima di 1 MB" in error["message"]
    transaction.begin()
    assert attachments_of(app) == []
    ok = mario.post(f"{rest_type.getId()}/{app.getId()}/@istanze-allegati", json=attachment(big_pdf(MB)))
    assert ok.status_code == 201, ok.text
    transaction.begin()
    (stored,) = attachments_of(app)
    assert stored.size == MB and stored.file.data == big_pdf(MB)


def test_one_shot_creation_with_an_oversized_attachment_stores_nothing(rest_type, mario):
    before = applications(rest_type)
    resp = mario.post(f"{rest_type.getId()}/@istanze", json=body(attachments=[attachment(big_pdf(MB + 1))]))
    assert resp.status_code == 400, resp.text
    assert "supera la dimensione massima di 1 MB" in resp.json()["error"]["message"]
    assert applications(rest_type) == before  # not even the draft


def test_integration_file_over_its_limit_stores_nothing(functional, functional_portal, monkeypatch):
    from comune.istanze.personal_area import rest
    from tests.personal_area.world import build_world
    from tests.personal_area.world import json_session

    world = build_world(functional, functional_portal)
    monkeypatch.setattr(rest, "MAX_MB", 1)  # the server runs in this process
    messages, documents = len(messages_of(world.app)), len(documents_of(world.app))
    resp = json_session(world.a).post(f"{world.app_url}/@integrazione", timeout=60, json={
        "text": "Ecco", "files": [{"filename": "grande.pdf",
                                   "data": base64.b64encode(big_pdf(MB + 10)).decode()}]})
    assert resp.status_code == 400, resp.text
    assert "supera la dimensione massima di 1 MB" in resp.json()["error"]["message"]
    transaction.begin()
    assert (len(messages_of(world.app)), len(documents_of(world.app))) == (messages, documents)
    assert api.content.get_state(world.app) == "integration_requested"


def _raw(functional, request_bytes, timeout=30):
    """Send raw bytes, half-close, return everything the server answered."""
    with socket.create_connection((functional["host"], functional["port"]), timeout=timeout) as sock:
        sock.sendall(request_bytes)
        sock.shutdown(socket.SHUT_WR)
        chunks = []
        try:
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        except (ConnectionResetError, socket.timeout):
            pass
    return b"".join(chunks)


def _head(functional, rest_type, mario, length, extra=""):
    auth = base64.b64encode(f"{mario.user_id}:{CITIZEN_PASSWORD}".encode()).decode()
    path = "/".join(rest_type.getPhysicalPath()[1:])
    return (f"POST /{path}/@istanze HTTP/1.1\r\nHost: {functional['host']}:{functional['port']}\r\n"
            f"Authorization: Basic {auth}\r\nAccept: application/json\r\n"
            f"Content-Type: application/json\r\n{length}{extra}\r\n").encode()


def test_lying_content_length_stores_nothing(functional, rest_type, mario, one_mb):
    before = applications(rest_type)
    payload = b'{"applicant_kind": "self", "submit": true, "x": "' + b"A" * (2 * MB) + b'"}'
    # declares 40 bytes, sends 2 MB: waitress reads 40, the rest is not a request
    answer = _raw(functional, _head(functional, rest_type, mario, "Content-Length: 40\r\n") + payload)
    assert answer.startswith(b"HTTP/1.1 400"), answer[:300]
    assert b" 500 " not in answer
    # declares 2 MB, sends 100 bytes and closes: never dispatched
    answer = _raw(functional, _head(functional, rest_type, mario, f"Content-Length: {2 * MB}\r\n")
                  + payload[:100])
    assert b" 201 " not in answer and b" 500 " not in answer
    assert applications(rest_type) == before


def test_chunked_body_without_length_is_measured(functional, rest_type, mario, one_mb):
    before = applications(rest_type)
    payload = b'{"applicant_kind": "self", "x": "' + b"A" * (2 * MB) + b'"}'
    chunks = b"".join(b"%x\r\n%s\r\n" % (len(payload[i:i + 65536]), payload[i:i + 65536])
                      for i in range(0, len(payload), 65536)) + b"0\r\n\r\n"
    answer = _raw(functional, _head(functional, rest_type, mario, "Transfer-Encoding: chunked\r\n") + chunks)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:300]
    assert TOO_BIG.encode() in answer
    assert applications(rest_type) == before


def test_over_the_ceiling_is_dropped_before_parsing(rest_type, mario, monkeypatch):
    """Over the fixed ceiling the body is not even parsed (no site known yet)."""
    from comune.istanze.uploads import limits

    monkeypatch.setattr(limits, "CEILING", MB)
    monkeypatch.setattr(limits, "CEILING_MB", 1)
    app = draft(rest_type, mario)
    resp = requests.post(f"{app.absolute_url()}/@@compila?step=allegati",
                         auth=(mario.user_id, CITIZEN_PASSWORD), timeout=60,
                         files={"allegato-0": ("contratto.pdf", big_pdf(2 * MB), "application/pdf")})
    assert resp.status_code == 413 and TOO_BIG in resp.text
    transaction.begin()
    assert attachments_of(app) == []

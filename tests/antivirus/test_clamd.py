"""Uploads scanned by ClamAV (issue 15, point 4): a real clamd from Debian
over its local socket, the EICAR test file, the product's upload paths."""

from comune.istanze.documents.attachments import attachments_of
from comune.istanze.documents.sniffing import check_upload
from comune.istanze.documents.sniffing import UploadRejected
from comune.istanze.integrations.antivirus.clamd import ClamdScanner
from comune.istanze.integrations.antivirus.clamd import parse
from comune.istanze.integrations.antivirus.errors import ScannerUnavailable
from plone import api
from tests.antivirus.conftest import EICAR
from tests.antivirus.conftest import SIGNATURE
from tests.fixtures import CITIZEN_PASSWORD
from tests.restapi.conftest import applications
from tests.restapi.conftest import attachment
from tests.restapi.conftest import body
from tests.restapi.conftest import citizen_session  # noqa: F401
from tests.restapi.conftest import mario  # noqa: F401
from tests.restapi.conftest import PDF
from tests.restapi.conftest import rest_type  # noqa: F401
from types import SimpleNamespace

import pytest
import re
import requests
import transaction


INFECTED = "contiene un virus o un contenuto pericoloso ed è stato rifiutato"
UNAVAILABLE = "Il controllo antivirus dei file non è disponibile in questo momento"


def settings(address, timeout=10):
    return SimpleNamespace(address=str(address), timeout=timeout)


def test_clamd_finds_eicar_and_passes_a_pdf(clamd):
    scanner = ClamdScanner()
    found = scanner.scan(iter([EICAR[:20], EICAR[20:]]), settings(clamd))  # in two chunks
    assert found.clean is False and found.signature.startswith(SIGNATURE)
    assert scanner.scan(iter([PDF]), settings(clamd)).clean is True


def test_clamd_not_listening_is_unavailable(tmp_path):
    with pytest.raises(ScannerUnavailable):
        ClamdScanner().scan(iter([PDF]), settings(tmp_path / "nessuno.sock", timeout=1))
    with pytest.raises(ScannerUnavailable):
        ClamdScanner().scan(iter([PDF]), settings("tcp://127.0.0.1:1", timeout=1))


def test_replies_that_are_no_verdict_are_unavailable():
    assert parse(b"stream: OK\0").clean is True
    assert parse(b"stream: Eicar-Signature FOUND\0").signature == "Eicar-Signature"
    for reply in (b"INSTREAM size limit exceeded. ERROR\0", b""):
        with pytest.raises(ScannerUnavailable):
            parse(reply)


@pytest.fixture
def scanning(functional_portal, clamd):
    api.portal.set_registry_record("comune.istanze.antivirus.scanner", "clamd")
    api.portal.set_registry_record("comune.istanze.antivirus.address", str(clamd))
    transaction.commit()
    return clamd


def test_not_configured_means_not_scanned(functional_portal):
    assert api.portal.get_registry_record("comune.istanze.antivirus.scanner") == ""
    # EICAR is refused for its type (text, not PDF), not as a virus: nobody looked
    with pytest.raises(UploadRejected) as refused:
        check_upload(EICAR, "pdf", 1, "Contratto", filename="contratto.pdf")
    assert "non è di un tipo ammesso" in refused.value.message


def test_an_infected_file_is_refused_whatever_its_type(functional_portal, scanning):
    with pytest.raises(UploadRejected) as refused:
        check_upload(EICAR, "pdf", 1, "Contratto", filename="contratto.pdf")
    assert INFECTED in refused.value.message
    assert refused.value.message.mapping == {"name": "Contratto"}
    assert check_upload(PDF, "pdf", 1, "Contratto") == "application/pdf"


def test_a_configured_scanner_that_is_down_refuses(functional_portal, scanning, tmp_path):
    api.portal.set_registry_record("comune.istanze.antivirus.address", str(tmp_path / "giù.sock"))
    with pytest.raises(UploadRejected) as refused:
        check_upload(PDF, "pdf", 1, "Contratto")
    assert UNAVAILABLE in refused.value.message  # fail closed: never stored unscanned


def test_rest_upload_of_eicar_is_refused_and_nothing_is_stored(rest_type, mario, scanning):
    draft = mario.post(f"{rest_type.getId()}/@istanze", json=body(submit=False, attachments=[]))
    assert draft.status_code == 201, draft.text
    url = f"{rest_type.getId()}/{draft.json()['id']}/@istanze-allegati"
    resp = mario.post(url, json=attachment(EICAR))
    assert resp.status_code == 400, resp.text
    assert INFECTED in resp.json()["error"]["message"]
    transaction.begin()
    app = rest_type[draft.json()["id"]]
    assert attachments_of(app) == []
    assert mario.post(url, json=attachment(PDF)).status_code == 201
    transaction.begin()
    assert len(attachments_of(app)) == 1
    # a whole application with an infected file: not even the draft is created
    before = applications(rest_type)
    resp = mario.post(f"{rest_type.getId()}/@istanze", json=body(attachments=[attachment(EICAR)]))
    assert resp.status_code == 400 and INFECTED in resp.json()["error"]["message"]
    assert applications(rest_type) == before


def test_web_form_upload_of_eicar_shows_the_message(rest_type, mario, scanning):
    draft = mario.post(f"{rest_type.getId()}/@istanze", json=body(submit=False, attachments=[]))
    transaction.begin()
    app = rest_type[draft.json()["id"]]
    url = f"{app.absolute_url()}/@@compila?step=allegati"
    auth = (mario.user_id, CITIZEN_PASSWORD)
    page = requests.get(url, auth=auth, timeout=60)
    token = re.search(r'name="_authenticator"\s+value="([^"]+)"', page.text).group(1)
    resp = requests.post(url, auth=auth, timeout=60, headers={"Accept": "text/html"},
                         files={"allegato-0": ("contratto.pdf", EICAR, "application/pdf")},
                         data={"form.buttons.next": "Avanti", "_authenticator": token})
    assert resp.status_code == 200
    assert INFECTED in resp.text.replace("&#39;", "'")
    transaction.begin()
    assert attachments_of(app) == []

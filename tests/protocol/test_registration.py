"""Receipt + incoming registration through the outbox against the sandbox register."""

from comune.istanze.documents.store import documents_of
from comune.istanze.documents.store import get_document
from comune.istanze.integrations.protocol.registration import incoming_key
from comune.istanze.integrations.protocol.storage import segnatura_of
from comune.istanze.outbox import queue
from comune.istanze.outbox.worker import run_once
from lxml import etree
from sandbox.protocol.segnatura import schema as segnatura_schema
from signxml import XMLVerifier
from tests.documents.helpers import pdf_text
from tests.documents.helpers import submitted
from tests.fixtures import make_citizen
from tests.fixtures import make_type

import base64
import hashlib
import pytest
import transaction


PROT = {"prot": "http://www.agid.gov.it/protocollo/"}


@pytest.fixture
def app_type_f(protocol_site):
    obj = make_type(protocol_site)
    transaction.commit()
    return obj


def submit_committed(app_type, **kw):
    app = submitted(app_type, **kw)
    transaction.commit()
    return app


def job_of(portal, app):
    return queue.job_for_key(portal, incoming_key(app))


def test_submission_only_enqueues(protocol_site, app_type_f, sandbox):
    app = submit_committed(app_type_f)
    job = job_of(protocol_site, app)
    assert job.state == queue.PENDING and job.attempts == 0
    assert job.kind == "protocol.incoming" and job.target == app.UID()
    assert getattr(app, "protocol_number", None) is None
    assert documents_of(app) == []
    assert sandbox.state()["calls"] == 0  # nothing left the site during submission


def test_worker_makes_receipt_registers_and_finalises(protocol_site, app_type_f, sandbox):
    app = submit_committed(app_type_f)
    assert run_once(protocol_site) == {"done": 1}
    job = job_of(protocol_site, app)
    assert job.state == queue.DONE
    assert set(job.results) == {"receipt", "register", "final_receipt"}
    assert app.protocol_number == "0000001" and app.protocol_register == "PG"
    # the registered document is the first receipt; the final one shows the number
    registered = get_document(app, app.protocol_primary_doc)
    final = documents_of(app)
    assert [d.kind for d in final] == ["receipt"] and final[0].id != registered.id
    text, _pages = pdf_text(final[0].data())
    assert f"Protocollo n. 0000001 del {app.protocol_date.strftime('%d/%m/%Y %H:%M')}" in text
    # the segnatura: schema valid, signed, with the hashes of what was sent
    xml = segnatura_of(app)
    root = etree.fromstring(xml)
    segnatura_schema().assertValid(root)
    XMLVerifier().verify(xml, x509_cert=sandbox.cert())
    primary = root.find("prot:Descrizione/prot:DocumentoPrimario/prot:Impronta", PROT)
    assert base64.b64decode(primary.text) == hashlib.sha256(registered.data()).digest()
    allegato = root.find("prot:Descrizione/prot:Allegato/prot:Impronta", PROT)
    assert base64.b64decode(allegato.text).hex() == app._attachments.values()[0].sha256
    mittente = root.find("prot:Descrizione/prot:Mittente/prot:PersonaFisica", PROT)
    assert mittente.findtext("prot:CodiceFiscale", namespaces=PROT) == app.applicant_id
    assert root.findtext("prot:Intestazione/prot:Classifica/prot:CodiceFlat", namespaces=PROT) == "7.1"


def test_hash_mismatch_fails_the_job_with_a_clear_error(protocol_site, app_type_f, sandbox):
    app = submit_committed(app_type_f)
    sandbox.mode("tamper")
    assert run_once(protocol_site) == {"failed": 1}
    job = job_of(protocol_site, app)
    assert job.state == queue.FAILED and job.attempts == 1
    assert "impronte della segnatura non corrispondono" in job.last_error
    assert "ricevuta" in job.last_error
    assert getattr(app, "protocol_number", None) is None
    assert job in queue.problem_jobs(protocol_site)


def test_soap_fault_for_bad_data_fails_without_endless_retry(protocol_site, app_type_f, sandbox):
    bad = make_citizen("Mario", "Bianchi", fiscal_code="MBIANCHI")  # not a codice fiscale
    app = submit_committed(app_type_f, citizen=bad)
    assert run_once(protocol_site) == {"failed": 1}
    job = job_of(protocol_site, app)
    assert job.state == queue.FAILED and job.attempts == 1
    assert job.last_error.startswith("Il protocollo ha rifiutato la registrazione: Richiesta non valida")
    assert "CodiceFiscale" in job.last_error
    assert run_once(protocol_site) == {}  # not picked up again
    assert sandbox.state()["count"] == 0
    # the receipt step was saved before the registration failed
    assert "receipt" in job.results and documents_of(app)


def test_register_errors_are_retried_with_backoff(protocol_site, app_type_f, sandbox):
    app = submit_committed(app_type_f)
    sandbox.mode("fail", times=1)
    assert run_once(protocol_site) == {"pending": 1}
    job = job_of(protocol_site, app)
    assert job.attempts == 1 and "Errore interno del registro" in job.last_error
    first_delay = job.next_attempt - job.updated
    assert 29 <= first_delay <= 31  # base delay 30 s
    assert run_once(protocol_site) == {}  # not due yet
    job.next_attempt = 0  # time passes
    transaction.commit()
    assert run_once(protocol_site) == {"done": 1}
    assert app.protocol_number == "0000001"
    assert job.results["receipt"] == app.protocol_primary_doc  # receipt not regenerated


def test_backoff_doubles_up_to_the_cap(protocol_site):
    job = queue.Job("protocol.incoming", "uid", "k" * 10)
    delays = []
    for attempt in range(1, 9):
        job.attempts = attempt
        delays.append(job.backoff())
    assert delays == [30, 60, 120, 240, 480, 960, 1920, 3600]
    job.attempts = job.max_attempts
    queue.mark_failed(protocol_site, job, RuntimeError("giù"))
    assert job.state == queue.FAILED

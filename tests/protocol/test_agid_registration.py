"""An application registered end to end with the "agid" adapter: the outbox
job sends MessaggioInoltro to the sandbox register, which calls our
mittente endpoint back (ConfermaMessaggioInoltro) on the functional site."""

from comune.istanze.backoffice.audit import entries
from comune.istanze.documents.store import add_document
from comune.istanze.documents.store import documents_of
from comune.istanze.integrations.protocol.agid.client import AgidProtocolAdapter
from comune.istanze.integrations.protocol.config import current_adapter
from comune.istanze.integrations.protocol.registration import register_outgoing
from comune.istanze.integrations.protocol.soap import SoapProtocolAdapter
from comune.istanze.integrations.protocol.storage import segnatura_of
from comune.istanze.outbox.worker import run_once
from lxml import etree
from plone import api
from signxml.xades import XAdESVerifier
from tests.documents.helpers import pdf_text
from tests.protocol.conftest import AGID_PASSWORD
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from tests.protocol.test_registration import job_of
from tests.protocol.test_views import url
from tests.protocol.test_registration import submit_committed
from tests.fixtures import CITIZEN_PASSWORD
from tests.fixtures import make_type

import pytest
import requests
import transaction


PROT = {"prot": "http://www.agid.gov.it/protocollo/"}


@pytest.fixture
def agid_type(agid_site):
    obj = make_type(agid_site)
    transaction.commit()
    return obj


def mittente_url(agid_sandbox):
    return agid_sandbox.agid()["mittente_url"]


def test_registry_record_selects_the_adapter(agid_site):
    assert isinstance(current_adapter(), AgidProtocolAdapter)
    api.portal.set_registry_record("comune.istanze.protocol.adapter", "soap")
    assert isinstance(current_adapter(), SoapProtocolAdapter)
    api.portal.set_registry_record("comune.istanze.protocol.adapter", "")
    assert current_adapter() is None
    transaction.abort()


def test_application_registered_through_the_outbox(agid_site, agid_type, agid_sandbox, agid_keys):
    app = submit_committed(agid_type)
    assert agid_sandbox.state()["calls"] == 0  # submitting only enqueues
    assert run_once(agid_site) == {"done": 1}
    job = job_of(agid_site, app)
    assert set(job.results) == {"receipt", "agid_segnatura", "agid_sent", "register", "final_receipt"}
    [message] = agid_sandbox.agid()["messages"]
    # the register's number and date, received through ConfermaMessaggioInoltro
    assert app.protocol_number == message["number"] == "0000001"
    assert app.protocol_register == "PG" and app.protocol_identifier["aoo"] == "aoo_esempio"
    [callback] = agid_sandbox.agid()["callbacks"]
    assert callback["operation"] == "ConfermaMessaggioInoltro" and callback["status"] == 200
    # what was registered: our signed segnatura, the sender's own identifier
    xml = segnatura_of(app)
    XAdESVerifier().verify(xml, x509_cert=agid_keys[1], expect_references=3)
    root = etree.fromstring(xml)
    assert root.findtext("prot:Intestazione/prot:Identificatore/prot:CodiceRegistro",
                         namespaces=PROT) == "ISTANZE"
    receipt = documents_of(app)  # the final receipt; the registered one is the first
    assert message["files"] == [f"ricevuta-{app.number}.pdf", "contratto.pdf"]
    text, _pages = pdf_text(receipt[0].data())
    assert f"Protocollo n. 0000001 del {app.protocol_date.strftime('%d/%m/%Y %H:%M')}" in text


def test_lost_answer_is_retried_without_a_second_number(agid_site, agid_type, agid_sandbox):
    app = submit_committed(agid_type)
    agid_sandbox.mode("lose_response", times=1)
    assert run_once(agid_site) == {"pending": 1}
    job = job_of(agid_site, app)
    assert "agid_sent" not in job.results and "agid_segnatura" in job.results
    job.next_attempt = 0  # time passes
    transaction.commit()
    assert run_once(agid_site) == {"done": 1}
    assert [m["number"] for m in agid_sandbox.agid()["messages"]] == ["0000001"]
    assert app.protocol_number == "0000001"


def test_register_anomaly_fails_the_job_clearly(agid_site, agid_type, agid_sandbox):
    agid_sandbox.configure(conferma="003_DocumentoAllegatiNonLeggibili")
    app = submit_committed(agid_type)
    assert run_once(agid_site) == {"failed": 1}
    job = job_of(agid_site, app)
    assert "documento o allegati non leggibili (003_DocumentoAllegatiNonLeggibili)" in job.last_error
    assert getattr(app, "protocol_number", None) is None


def test_confirmation_that_never_comes_is_retried_later(agid_site, agid_type, agid_sandbox):
    agid_sandbox.configure(mittente_url="")  # the register cannot call us back
    app = submit_committed(agid_type)
    AgidProtocolAdapter.confirmation_wait = 0.2
    try:
        assert run_once(agid_site) == {"pending": 1}
    finally:
        AgidProtocolAdapter.confirmation_wait = 5.0
    job = job_of(agid_site, app)
    assert "in attesa della conferma di registrazione" in job.last_error
    assert getattr(app, "protocol_number", None) is None


def test_annulment_by_the_register_is_recorded(agid_site, agid_type, agid_sandbox):
    app = submit_committed(agid_type)
    assert run_once(agid_site) == {"done": 1}
    answer = agid_sandbox.annul("0000001", "Provvedimento n. 7/2026", "Registrazione doppia")
    assert answer["status"] == 200 and "007_" not in answer["answer"]
    transaction.begin()
    assert app.protocol_annulled["provvedimento"] == "Provvedimento n. 7/2026"
    log = [e["detail"] for e in entries(agid_type, app.UID())]
    assert any("annullata dal protocollo" in d for d in log)
    missing = agid_sandbox.annul("0000999", "Provvedimento n. 8/2026")
    assert missing["status"] == 404


def test_mittente_endpoint_refuses_strangers_and_bad_messages(agid_site, agid_sandbox):
    url = mittente_url(agid_sandbox)
    body = b'<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body/></s:Envelope>'
    stranger = requests.post(url, data=body, auth=("protocollo", "sbagliata"), timeout=10)
    assert stranger.status_code == 401 and "Credenziali del servizio mittente non valide" in stranger.text
    bad = requests.post(url, data=body, auth=("protocollo", AGID_PASSWORD), timeout=10)
    assert bad.status_code == 500 and "Operazione non supportata da questo servizio" in bad.text
    invalid = (b'<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>'
               b'<m:RequestConfermaMessaggioInoltro xmlns:m="http://ws.protocollo.comunicazione.aoo.mittente/"/>'
               b"</s:Body></s:Envelope>")
    refused = requests.post(url, data=invalid, auth=("protocollo", AGID_PASSWORD), timeout=10)
    assert refused.status_code == 500 and "Richiesta non valida secondo gli schemi AgID" in refused.text
    wsdl = requests.get(url + "?wsdl", timeout=10)
    assert wsdl.status_code == 200 and b"ConfermaMessaggioInoltro" in wsdl.content


def test_annulment_asked_by_the_comune(functional, agid_site, agid_type, agid_sandbox):
    from comune.istanze.integrations.protocol.agid.annul import annul_registration

    app = submit_committed(agid_type)
    with pytest.raises(ValueError, match="non è protocollata"):
        annul_registration(app, "Determina n. 3/2026")
    assert run_once(agid_site) == {"done": 1}
    with pytest.raises(ValueError, match="Indicare il provvedimento"):
        annul_registration(app, "  ")
    annul_registration(app, "Determina n. 3/2026", "Istanza ritirata dal cittadino")
    transaction.commit()
    assert run_once(agid_site) == {"done": 1}
    [message] = agid_sandbox.agid()["messages"]
    assert message["state"] == "annullato"
    assert app.protocol_annulled["provvedimento"] == "Determina n. 3/2026"
    log = [e["detail"] for e in entries(agid_type, app.UID())]
    assert any("annullata su richiesta dei servizi online" in d for d in log)
    with pytest.raises(ValueError, match="già annullata"):
        annul_registration(app, "Determina n. 4/2026")
    # staff (REST) and the citizen's page of the application show it
    auth = (SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
    rest = requests.get(url(functional, app, "@segnatura"), auth=auth, timeout=60,
                        headers={"Accept": "application/json"}).json()
    assert rest["annulled"]["provvedimento"] == "Determina n. 3/2026"
    page = requests.get(url(functional, app, ""), auth=(app.applicant_id, CITIZEN_PASSWORD), timeout=60).text
    assert "Registrazione di protocollo annullata (Determina n. 3/2026)." in page


def test_outgoing_decision_registered_as_a_message(agid_site, agid_type, agid_sandbox):
    app = submit_committed(agid_type)
    assert run_once(agid_site) == {"done": 1}
    decision = add_document(app, "decision", "Provvedimento di accoglimento",
                            b"%PDF-1.4 provvedimento", "provvedimento.pdf")
    register_outgoing(app, decision)
    transaction.commit()
    assert run_once(agid_site) == {"done": 1}
    assert decision.protocol_number == "0000002"  # the register's next number
    root = etree.fromstring(decision.protocol_segnatura)
    assert root.findtext("prot:Descrizione/prot:Mittente/prot:Amministrazione/prot:CodiceIPAAOO",
                         namespaces=PROT) == "aoo_istanze"
    citizen = root.find("prot:Descrizione/prot:Destinatario/prot:PersonaFisica", PROT)
    assert citizen.findtext("prot:CodiceFiscale", namespaces=PROT) == app.applicant_id
    # our own register numbered both messages
    numbers = [m["mittente"]["NumeroRegistrazione"] for m in agid_sandbox.agid()["messages"]]
    assert numbers == ["0000001", "0000002"]

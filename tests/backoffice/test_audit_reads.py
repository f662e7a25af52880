"""Every staff read of an application lands in its type's audit log, once.

The surfaces are enumerated here: the application's pages, receipt (HTML and
PDF), documents, attachments, segnatura (browser and REST), score breakdown,
conservation package, the back office page and service, ``@istanza``,
plone.restapi's own content GET, and the exports (inbox CSV/XLSX/ZIP, audit
CSV). The applicant reading their own application is not logged.
"""

from comune.istanze.backoffice import audit
from comune.istanze.documents.attachments import attachments_of
from comune.istanze.documents.receipt import RECEIPT_KIND
from comune.istanze.documents.store import add_document
from comune.istanze.integrations.protocol.interfaces import Registration
from comune.istanze.integrations.protocol.storage import store_registration
from comune.istanze.ranking import storage as ranking
from datetime import date
from datetime import time
from plone.app.testing import login
from tests.documents.helpers import PDF
from tests.documents.helpers import submitted
from plone.namedfile.file import NamedBlobFile
from tests.fixtures import CITIZEN_PASSWORD
from tests.fixtures import FORM_XML
from tests.fixtures import make_citizen
from tests.fixtures import make_staff
from tests.fixtures import make_type

import pytest
import transaction


STAFF_PASSWORD = "staff-Password-1"
SEGNATURA = b"<Segnatura><Identificatore>prova</Identificatore></Segnatura>"
RULES = {"rules": [{"kind": "per_unit", "field": "componenti", "points": 1}]}
FILE_FIELD = """      <field name="contratto" type="plone.namedfile.field.NamedBlobFile">
        <title>Contratto</title>
        <required>False</required>
      </field>
    </fieldset>
  </schema>"""
FORM_WITH_FILE = FORM_XML.replace("    </fieldset>\n  </schema>", FILE_FIELD)

# (path after the application's URL, extra request options, audit detail)
APPLICATION_READS = [
    ("", {}, "pagina dell'istanza"),
    ("@@view", {}, "pagina dell'istanza"),
    ("@@ricevuta", {}, "ricevuta"),
    ("@@ricevuta-pdf", {}, "ricevuta: ricevuta.pdf"),
    ("@@documento/{doc}", {}, "documento: lettera.pdf"),
    ("@@allegato/{att}", {}, "allegato: contratto.pdf"),
    ("@@download/contratto", {}, "risposta contratto: risposta.pdf"),
    ("@@display-file/contratto", {}, "risposta contratto: risposta.pdf"),
    ("@@segnatura", {}, "segnatura"),
    ("@@punteggio", {}, "punteggio"),
    ("@@pacchetto-conservazione", {}, "pacchetto di conservazione"),
    ("@@istruttoria", {}, ""),
    ("@istruttoria", {"json": True}, "REST"),
    ("@istanza", {"json": True}, "REST API @istanza"),
    ("@segnatura", {"json": True}, "REST API @segnatura"),
    ("", {"json": True}, "REST API (contenuto)"),
]
# (path after the type's URL, entries per read, action)
EXPORTS = [
    ("@@esporta?formato=csv&text={number}", "export"),
    ("@@esporta?formato=xlsx&text={number}", "export"),
    ("@@esporta?formato=zip&text={number}", "export"),
    ("@@registro-accessi.csv", "export"),
]
APPLICANT_READS = ["", "@@view", "@@ricevuta", "@@ricevuta-pdf", "@@documento/{doc}",
                   "@@allegato/{att}", "@@download/contratto", "@istanza"]


@pytest.fixture
def audited(functional_portal, request_factory):
    portal = functional_portal
    casa = make_type(portal, code="CASA", title="Contributo affitto", xml=FORM_WITH_FILE)
    citizen = make_citizen("Mario", "Rossi")
    app = submitted(casa, citizen)
    app.contratto = NamedBlobFile(PDF, filename="risposta.pdf", contentType="application/pdf")
    login(portal, citizen.getId())
    receipt = add_document(app, RECEIPT_KIND, "Ricevuta", PDF, "ricevuta.pdf")
    letter = add_document(app, "letter", "Lettera", PDF, "lettera.pdf")
    store_registration(app, Registration("c_x000", "AOO", "REG", "0000042", date(2026, 11, 2),
                                         time(10, 0), SEGNATURA), primary_doc_id=receipt.id)
    ranking.ranking_of(casa, create=True).rules = RULES
    make_staff("istruttore", casa, "Istruttore")
    make_staff("responsabile", casa, "Responsabile")
    transaction.commit()
    fill = {"doc": letter.id, "att": attachments_of(app)[0].id, "number": app.number}
    return {"portal": portal, "type": casa, "app": app, "fill": fill,
            "session": lambda user, password=STAFF_PASSWORD, api=False: request_factory(
                basic_auth=(user, password), api=api),
            "citizen": citizen}


def _rel(obj):
    return obj.absolute_url(relative=1).split("/", 1)[1]


def _get(session, url, options):
    """A browser GET, or a REST one (``Accept: application/json``)."""
    headers = {"Accept": "application/json" if options.get("json") else "text/html,*/*"}
    return session.get(url, headers=headers, allow_redirects=False)


def _new_entries(type_obj, before):
    transaction.begin()  # see what the server committed
    return audit.entries(type_obj)[before:]


@pytest.mark.parametrize("path, options, detail", APPLICATION_READS,
                         ids=[f"{p or 'default'}{'-json' if o else ''}" for p, o, _d in APPLICATION_READS])
def test_each_staff_read_is_one_audit_entry(audited, path, options, detail):
    app, casa, staff = audited["app"], audited["type"], audited["session"]("istruttore")
    before = len(audit.entries(casa))
    url = f"/{_rel(app)}/{path.format(**audited['fill'])}".rstrip("/")
    response = _get(staff, url, options)
    assert response.status_code == 200, response.text[:500]
    new = _new_entries(casa, before)
    assert [(e["who"], e["uid"], e["detail"]) for e in new] == [("istruttore", app.UID(), detail)]
    assert new[0]["action"] in ("read", "download")


@pytest.mark.parametrize("path, action", EXPORTS, ids=[p.split("?")[0] + p.split("formato=")[-1][:4]
                                                       for p, _a in EXPORTS])
def test_each_export_is_audited(audited, path, action):
    casa, boss = audited["type"], audited["session"]("responsabile")
    before = len(audit.entries(casa))
    response = boss.get(f"/{_rel(casa)}/{path.format(**audited['fill'])}")
    assert response.status_code == 200, response.text[:500]
    new = _new_entries(casa, before)
    assert len(new) == 1 and new[0]["who"] == "responsabile" and new[0]["action"] == action
    assert new[0]["uid"] in (audited["app"].UID(), None)


def test_the_applicant_reading_their_own_application_is_not_logged(audited):
    app, casa, citizen = audited["app"], audited["type"], audited["citizen"]
    me = audited["session"](citizen.getId(), CITIZEN_PASSWORD)
    before = len(audit.entries(casa))
    for path in APPLICANT_READS:
        options = {"json": True} if path.startswith("@") and not path.startswith("@@") else {}
        response = _get(me, f"/{_rel(app)}/{path.format(**audited['fill'])}".rstrip("/"), options)
        assert response.status_code == 200, (path, response.text[:300])
    assert _new_entries(casa, before) == []


def test_plone_file_views_serve_only_file_answers(audited):
    app, staff = audited["app"], audited["session"]("istruttore")
    for path in ("@@download/applicant_id", "@@download/isee", "@@download", "@@display-file/indirizzo",
                 "@@download/_audit"):
        response = staff.get(f"/{_rel(app)}/{path}", allow_redirects=False)
        assert response.status_code == 404, (path, response.status_code)
        assert audited["citizen"].getId() not in response.text
    other = make_citizen("Giulia", "Bianchi", female=True)
    transaction.commit()
    stranger = audited["session"](other.getId(), CITIZEN_PASSWORD)
    assert stranger.get(f"/{_rel(app)}/@@download/contratto").status_code == 404

"""The flow as server-side SVG with catalog counts, its text alternative, the
XML editor (Italian errors, nothing half-stored) and ``@flusso`` over REST."""

from comune.istanze.interfaces import IComuneIstanzeLayer
from comune.istanze.workflow import custom
from comune.istanze.workflow import graph
from lxml import etree
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from plone import api
from plone.protect.authenticator import createToken
from tests.fixtures import login
from tests.fixtures import make_citizen
from tests.fixtures import make_staff
from tests.fixtures import make_type
from tests.fixtures import submit_as
from tests.type_workflow.helpers import with_sopralluogo
from zope.interface import alsoProvides

import pytest
import requests
import transaction


SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def suolo(portal, http_request):
    alsoProvides(http_request, IComuneIstanzeLayer)
    type_obj = make_type(portal, code="SUOLO", title="Occupazione suolo pubblico")
    with api.env.adopt_roles(["Manager"]):
        custom.apply_definition(type_obj, with_sopralluogo())
    apps = [submit_as(portal, type_obj, make_citizen(first, "Rossi"))
            for first in ("Mario", "Luca", "Paolo")]
    make_staff("istruttore", type_obj, "Istruttore")
    login(portal, "istruttore")
    api.content.transition(obj=apps[0], transition="start_review")
    api.content.transition(obj=apps[0], transition="avvia_sopralluogo")
    return type_obj


def _counts(svg):
    root = etree.fromstring(svg.encode())
    return {g.get("data-state"): g.find(f"{SVG}text[@class='istanze-flow-count']").text
            for g in root.iter(f"{SVG}g") if g.get("data-state")}


def test_the_graph_counts_applications_per_state(portal, http_request, suolo):
    html = api.content.get_view(name="flusso", context=suolo, request=http_request)()
    start = html.rindex("<svg", 0, html.index('class="istanze-flow"'))
    svg = html[start:html.index("</svg>", start) + 6]
    root = etree.fromstring(svg.encode())
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "istanze-flow-title istanze-flow-desc"
    assert root.find(f"{SVG}title").text == "Flusso delle istanze «Occupazione suolo pubblico»"
    assert "Sopralluogo: 1" in root.find(f"{SVG}desc").text
    counts = _counts(svg)
    assert counts["submitted"] == "2 istanze" and counts["sopralluogo"] == "1 istanza"
    assert counts["accepted"] == "0 istanze"
    # the text alternative: one numbered line per arrow, with who may fire it
    assert "da In istruttoria a Sopralluogo: Avvia sopralluogo (Istruttore)" in html
    assert "da Sopralluogo a Accolta: Concludi con esito positivo (Responsabile)" in html
    assert "da Bozza a Presentata: Invia (il richiedente)" in html
    edges = root.findall(f".//{SVG}g[@class='istanze-flow-edge kind-office']")
    assert len(edges) == 4  # start_review, resume_review, avvia_ and chiudi_sopralluogo
    assert graph.state_counts(suolo, custom.definition_of(suolo))["in_review"] == 0


def test_the_types_inbox_shows_the_flow(portal, http_request, suolo):
    html = api.content.get_view(name="scrivania", context=suolo, request=http_request)()
    assert "istanze-inbox-flow" in html and 'data-state="sopralluogo"' in html
    assert ">Sopralluogo</option>" in html  # the office state is a filter of the inbox
    site = api.content.get_view(name="scrivania", context=portal, request=http_request)()
    assert "istanze-inbox-flow" not in site


def test_the_editor_refuses_bad_xml_and_stores_nothing(portal, http_request, suolo):
    login(portal, "istruttore")
    with api.env.adopt_roles(["Manager"]):
        http_request.method = "POST"
        http_request.form.update({"form.button.save": "1", "_authenticator": createToken(),
                                  "source": with_sopralluogo().replace('kind="office"',
                                                                       'kind="magia"', 1)})
        editor = api.content.get_view(name="flusso-modifica", context=suolo, request=http_request)
        html = editor()
        assert http_request.response.getStatus() == 400
        assert "Il flusso non è stato salvato." in html
        assert "Riga 13: il tipo «magia» della transizione non esiste" in html
        assert list(suolo.workflow_versions.keys()) == [1]
        http_request.response.setStatus(200)
        http_request.form["source"] = with_sopralluogo().replace(
            'title="Sopralluogo"', 'title="Verifica sul posto"')
        html = api.content.get_view(name="flusso-modifica", context=suolo,
                                    request=http_request)()
        assert "Flusso salvato: versione" in html
        assert list(suolo.workflow_versions.keys()) == [1, 2]
        assert 'title="Verifica sul posto"' in custom.definition_xml(suolo)


@pytest.fixture
def rest(functional, functional_portal):
    portal = functional_portal
    type_obj = make_type(portal, code="SUOLO", title="Occupazione suolo pubblico")
    transaction.commit()
    web = requests.Session()
    web.auth = (SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
    web.headers["Accept"] = "application/json"
    url = f"http://{functional['host']}:{functional['port']}/{portal.getId()}/{type_obj.getId()}"
    return web, url + "/@flusso", type_obj


def test_rest_reads_and_writes_the_workflow(rest):
    web, url, type_obj = rest
    answer = web.get(url, timeout=60)
    assert answer.status_code == 200, answer.text[:300]
    data = answer.json()
    assert data["version"] == 0 and data["xml"].startswith("<workflow")
    assert {s["id"] for s in data["states"]} >= {"draft", "integration_requested"}
    refused = web.post(url, json={"xml": with_sopralluogo().replace('to="closed"', 'to="chiuso"')},
                       timeout=60)
    assert refused.status_code == 400
    error = refused.json()["error"]
    assert error["line"] == 21 and error["field"] == "xml"
    assert "«chiuso», che non è definito" in error["message"]
    answer = web.post(url, json={"xml": with_sopralluogo()}, timeout=60)
    assert answer.status_code == 200, answer.text[:300]
    assert answer.json()["version"] == 1 and answer.json()["versions"] == [1]
    assert any(r["text"] == "da In istruttoria a Sopralluogo: Avvia sopralluogo (Istruttore)"
               for r in answer.json()["transitions"])
    transaction.begin()
    assert custom.definition_xml(type_obj) == answer.json()["xml"]

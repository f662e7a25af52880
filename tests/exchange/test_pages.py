"""The editor's pages: import (upload, errors, mapping fields), library with
«Importa», versions with a diff; the REST versions; the version on applications."""

from comune.istanze.exchange.document import export_type
from comune.istanze.exchange.library import entry_bytes
from comune.istanze.exchange.versions import definition_versions
from plone import api
from tests.exchange.test_done_when import _editor
from tests.fixtures import make_citizen
from tests.fixtures import make_type
from tests.fixtures import submit_as
from zope.event import notify
from zope.lifecycleevent import ObjectModifiedEvent

import re
import transaction


def _token(session, url):
    page = session.get(url)
    assert page.status_code == 200, page.text
    return page, re.search(r'name="_authenticator" value="([^"]+)"', page.text)[1]


def _folder(portal, name="servizi"):
    with api.env.adopt_roles(["Manager"]):
        return api.content.create(container=portal, type="Folder", id=name)


def test_import_page_reports_lines_then_maps_references_and_creates(functional_portal):
    folder = _folder(functional_portal)
    editor = _editor(functional_portal, folder)
    transaction.commit()
    url = f"{folder.absolute_url()}/@@importa-tipologia"
    page, token = _token(editor, url)
    assert "Importa una tipologia di istanza" in page.text and 'type="file"' in page.text
    # a document that breaks the XSD: line-numbered Italian error, nothing created
    broken = entry_bytes("ritiro-verde").replace(b"<impostazioni>", b"<impostazioni>\n<x/>", 1)
    answer = editor.post(url, data={"_authenticator": token, "form.button.import": "1"},
                         files={"file": ("verde.xml", broken, "application/xml")})
    assert answer.status_code == 400
    assert "Riga 4: l&#x27;elemento «x» non è previsto qui" in answer.text \
        or "Riga 4: l'elemento «x» non è previsto qui" in answer.text
    assert "nulla è stato creato" in answer.text
    # a validator this site lacks and an office group: one mapping field each
    xml = entry_bytes("ritiro-verde").replace(b'istanze:validator="telefono"',
                                              b'istanze:validator="telefono_fisso"')
    answer = editor.post(url, data={"_authenticator": token, "form.button.import": "1",
                                    "source": xml.decode()})
    assert answer.status_code == 400
    assert 'name="mapping-key.0" value="validatore:telefono_fisso"' in answer.text
    assert '<select class="form-select" id="map-0" name="mapping.0">' in answer.text
    assert '<option value="telefono">' in answer.text
    transaction.begin()
    assert folder.objectIds() == []
    answer = editor.post(url, data={"_authenticator": token, "form.button.import": "1",
                                    "source": xml.decode(), "publish": "1",
                                    "mapping-key.0": "validatore:telefono_fisso",
                                    "mapping.0": "telefono"})
    assert answer.status_code == 200, answer.text
    assert "Tipologia importata:" in answer.text
    transaction.begin()
    obj = folder["ritiro-verde"]
    assert api.content.get_state(obj) == "published"
    assert export_type(obj) == entry_bytes("ritiro-verde")  # mapped back to the original


def test_library_page_lists_and_imports(functional_portal):
    folder = _folder(functional_portal)
    editor = _editor(functional_portal, folder)
    transaction.commit()
    page, token = _token(editor, f"{folder.absolute_url()}/@@libreria-tipologie")
    assert "Libreria tipologie" in page.text
    assert page.text.count('name="library"') >= 10
    assert "Iscrizione alla mensa scolastica" in page.text
    answer = editor.post(f"{folder.absolute_url()}/@@importa-tipologia",
                         data={"_authenticator": token, "library": "mensa-scolastica",
                               "form.button.import": "1"})
    assert answer.status_code == 200 and "Tipologia importata:" in answer.text
    assert "È ancora privata" in answer.text
    transaction.begin()
    assert folder["mensa-scolastica"].code == "MENSASC"


def test_citizens_cannot_reach_the_exchange(functional_portal):
    folder = _folder(functional_portal)
    citizen = make_citizen()
    transaction.commit()
    from tests.fixtures import http_session

    web = http_session(citizen.getId())
    for path in ("@@importa-tipologia", "@@libreria-tipologie"):
        answer = web.get(f"{folder.absolute_url()}/{path}", allow_redirects=False)
        assert answer.status_code in (302, 401, 403)
    answer = web.post(f"{folder.absolute_url()}/@tipologia-import", json={"library": "ritiro-verde"},
                      headers={"Accept": "application/json"})
    assert answer.status_code == 401
    transaction.begin()
    assert folder.objectIds() == []


def test_versions_page_and_rest_diff(portal, http_request):
    t = make_type(portal)
    assert sorted(definition_versions(t)) == [1]
    t.processing_days = 45
    t.form_model = t.form_model.replace("Valore ISEE", "ISEE ordinario")
    notify(ObjectModifiedEvent(t))
    notify(ObjectModifiedEvent(t))  # no change: no new version
    versions = definition_versions(t)
    assert sorted(versions) == [1, 2] and versions[2]["form_version"] == 2
    http_request.form.update({"da": "1", "a": "2"})
    html = api.content.get_view("versioni-tipologia", t, http_request)()
    assert "Differenze tra la versione" in html
    assert "ISEE ordinario" in html and "aggiunta" in html and "tolta" in html
    assert '<th scope="col">Riga prima</th>' in html
    from comune.istanze.exchange.versions import unified_diff

    diff = unified_diff(t, 1, 2)
    assert '-    <campo nome="processing_days">30</campo>' in diff
    assert '+    <campo nome="processing_days">45</campo>' in diff


def test_applications_show_their_version(portal, http_request):
    t = make_type(portal)
    mario = make_citizen()
    app = submit_as(portal, t, mario)
    assert app.form_version == 1 and app.definition_version == 1
    html = api.content.get_view("view", app, http_request)()
    assert 'class="col-sm-8 istanza-version"' in html
    assert re.search(r"modulo\s+v1, definizione\s+v1", html)


def test_the_staff_page_shows_the_version_too(portal, http_request):
    t = make_type(portal)
    app = submit_as(portal, t, make_citizen())
    with api.env.adopt_roles(["Manager"]):
        html = api.content.get_view("istruttoria", app, http_request)()
    assert re.search(r"modulo\s+v1, definizione\s+v1", html)

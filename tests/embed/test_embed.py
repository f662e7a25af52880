"""Issue 13 §4: the framable page of a type, its headers, snippets and settings."""

from comune.istanze.embed.headers import PREFIX
from plone import api
from tests.fixtures import make_type

import pytest
import re
import transaction


ALLOWED = "https://www.comune-vicino.example"


def pages(session):
    """pytest-plone's sessions go through ++api++ and ask for JSON: pages instead."""
    session._base_url = session._base_url.replace("++api++/", "")
    session.headers["Accept"] = "text/html"
    return session


@pytest.fixture
def anon_request(request_factory):
    return pages(request_factory())


@pytest.fixture
def manager_request(request_factory):
    return pages(request_factory(role="Manager"))


@pytest.fixture
def embed_type(functional_portal):
    type_obj = make_type(functional_portal)
    transaction.commit()
    return type_obj


def allow(*origins):
    api.portal.set_registry_record(f"{PREFIX}.frame_ancestors", list(origins))
    transaction.commit()


def test_embedded_page_is_framable_only_by_allowed_sites(embed_type, anon_request):
    allow(ALLOWED, "https://evil.example/pagina?x=1", "javascript:alert(1)")
    resp = anon_request.get(f"{embed_type.getId()}/@@incorpora")
    assert resp.status_code == 200
    assert resp.headers["Content-Security-Policy"] == f"frame-ancestors 'self' {ALLOWED}"
    assert "X-Frame-Options" not in resp.headers


def test_embedded_page_without_allowed_sites_is_same_origin_only(embed_type, anon_request):
    resp = anon_request.get(f"{embed_type.getId()}/@@incorpora")
    assert resp.headers["Content-Security-Policy"] == "frame-ancestors 'self'"


@pytest.mark.parametrize("path", ["", "{type}", "{type}/@@presenta-istanza", "@@search", "{type}/view"])
def test_every_other_page_refuses_framing(embed_type, anon_request, path):
    allow(ALLOWED)
    resp = anon_request.get(path.format(type=embed_type.getId()))
    assert resp.headers.get("X-Frame-Options") == "SAMEORIGIN", (path, resp.status_code)
    assert ALLOWED not in resp.headers.get("Content-Security-Policy", "")


def test_embedded_page_has_minimal_accessible_chrome(embed_type, anon_request):
    html = anon_request.get(f"{embed_type.getId()}/@@incorpora").text
    assert re.search(r'<html[^>]* lang="it"', html)
    assert "<title>Contributo affitto — " in html
    assert '<a class="skip" href="#contenuto">Vai al contenuto</a>' in html
    assert html.count("<main") == 1 and 'id="contenuto"' in html
    # no site header, footer or toolbar
    for chrome in ('id="portal-header"', 'id="portal-footer"', 'id="edit-zone"', "portal-globalnav"):
        assert chrome not in html
    assert "Presentazione aperta fino al" in html
    # anonymous: the apply page (and its SPID/CIE login) opens top-level
    apply = re.search(r'<a class="btn istanze-presenta-button"\s+href="([^"]+)" target="_top"', html)
    assert apply and apply.group(1) == embed_type.absolute_url() + "/@@presenta-istanza"
    assert "comune.istanze:altezza" in html and "window.parent.postMessage" in html


def test_closed_type_embeds_without_the_button(functional_portal, anon_request):
    from datetime import datetime, timedelta

    now = datetime.now()
    closed = make_type(functional_portal, code="CHIUSO", title="Bando chiuso",
                       opening=now - timedelta(days=10), closing=now - timedelta(days=1))
    transaction.commit()
    html = anon_request.get(f"{closed.getId()}/@@incorpora").text
    assert "La presentazione si è chiusa il" in html
    assert "istanze-presenta-button" not in html


def test_parent_script_checks_the_origin(embed_type, anon_request, functional_portal):
    resp = anon_request.get("@@incorpora.js")
    assert resp.status_code == 200
    assert resp.headers["Content-Type"].startswith("application/javascript")
    origin = re.match(r"https?://[^/]+", functional_portal.absolute_url()).group(0)
    assert f'var ORIGIN = "{origin}"' in resp.text
    assert "event.origin !== ORIGIN" in resp.text
    assert "contentWindow === event.source" in resp.text


def test_editors_see_the_snippets_citizens_do_not(embed_type, manager_request, anon_request):
    allow(ALLOWED)
    html = manager_request.get(embed_type.getId()).text
    url = embed_type.absolute_url()
    assert "Incorpora il modulo in un altro sito" in html
    assert f'&lt;iframe src="{url}/@@incorpora" title="Contributo affitto"' in html
    assert f'data-tipologia="{url}"' in html
    assert ALLOWED in html
    assert "Incorpora il modulo" not in anon_request.get(embed_type.getId()).text


def test_control_panel_for_managers_only(embed_type, manager_request, anon_request):
    page = manager_request.get("@@istanze-incorporamento")
    assert page.status_code == 200 and "Siti che possono incorporare i moduli" in page.text
    resp = anon_request.get("@@istanze-incorporamento", allow_redirects=False)
    assert resp.status_code in (302, 401, 403) and "Siti che possono" not in resp.text

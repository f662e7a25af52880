"""The citizen's form pages in the frame (``?incorporato=1``): headers, chrome, links."""

from tests.embed.test_embed import allow
from tests.embed.test_embed import ALLOWED
from tests.embed.test_embed import pages
from tests.fixtures import http_session
from tests.fixtures import make_citizen
from tests.fixtures import make_type

import pytest
import re
import transaction


@pytest.fixture
def citizen_web(functional_portal, request_factory):
    user = make_citizen()
    transaction.commit()
    web = http_session(user.getId(), session=pages(request_factory()))
    web.user_id = user.getId()
    return web


@pytest.fixture
def embed_type(functional_portal):
    type_obj = make_type(functional_portal)
    allow(ALLOWED)
    return type_obj


def test_apply_page_in_the_frame(embed_type, citizen_web):
    resp = citizen_web.get(f"{embed_type.getId()}/@@presenta-istanza?incorporato=1")
    assert resp.status_code == 200
    assert resp.headers["Content-Security-Policy"] == f"frame-ancestors 'self' {ALLOWED}"
    assert "X-Frame-Options" not in resp.headers
    html = resp.text
    assert re.search(r'<html[^>]* lang="it"', html) and "<title>" in html
    for chrome in ('id="portal-header"', 'id="portal-footer"', 'id="edit-zone"', "portal-globalnav"):
        assert chrome not in html
    assert '<a href="#contenuto" class="visually-hidden-focusable">Vai al contenuto</a>' in html
    assert html.count("<main") == 1 and '<main id="contenuto"' in html
    assert "comune.istanze:altezza" in html
    form = re.search(r"<form[^>]*>.*?</form>", html, re.S).group(0)
    assert '<input type="hidden" name="incorporato" value="1" />' in form


def test_the_same_page_outside_the_frame_is_not_framable(embed_type, citizen_web):
    resp = citizen_web.get(f"{embed_type.getId()}/@@presenta-istanza")
    assert resp.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert 'id="portal-footer"' in resp.text


@pytest.mark.parametrize("path", ["@@search?incorporato=1", "{type}?incorporato=1",
                                  "{type}/@@edit?incorporato=1", "@@area-personale?incorporato=1"])
def test_other_pages_ignore_the_parameter(embed_type, citizen_web, path):
    resp = citizen_web.get(path.format(type=embed_type.getId()))
    assert resp.headers.get("X-Frame-Options") == "SAMEORIGIN", path
    assert "frame-ancestors" not in resp.headers.get("Content-Security-Policy", "")


def test_login_leaves_the_frame(embed_type, citizen_web, request_factory):
    """An expired session in the middle of the form: the login is never shown in the frame."""
    rest = http_session(citizen_web.user_id, session=request_factory())
    draft = rest.post(f"{embed_type.getId()}/@istanze", json={"submit": False}).json()["@id"]
    anonymous = pages(request_factory())
    resp = anonymous.get(f"{draft}/@@compila?incorporato=1", allow_redirects=False)
    assert resp.status_code == 200
    link = re.search(r'<a href="([^"]+)" target="_top">Continua sul sito del Comune</a>', resp.text)
    assert link and "incorporato" not in link.group(1)
    assert "SPID o CIE" in resp.text
    assert resp.headers["Content-Security-Policy"].startswith("frame-ancestors 'self'")

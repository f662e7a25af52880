"""No toolbar for citizens: Plone's edit bar (edit menus, state menu,
Sharing, history, contents, personal bar) is drawn only for staff and
editors; citizens find their name, "Area personale" and "Esci" in the
header instead. Over real HTTP, on every kind of page."""

from comune.istanze.workflow import submission
from plone import api
from tests.fixtures import login
from tests.personal_area.world import build_world
from tests.personal_area.world import session
from tests.personal_area.world import STAFF_PASSWORD

import pytest
import re
import transaction


@pytest.fixture
def world(functional, functional_portal):
    world = build_world(functional, functional_portal)
    with api.env.adopt_roles(["Manager"]):
        api.user.create(username="redattore", email="r@comune.example",
                        password=STAFF_PASSWORD, properties={"fullname": "Redattore"})
        api.user.grant_roles(username="redattore", roles=["Editor", "Contributor"])
    login(functional_portal, world.a)
    draft = submission.create_draft(world.mensa)
    transaction.commit()
    world.pages = {
        "root": world.base, "type": f"{world.base}/{world.casa.getId()}",
        "application": world.app_url, "draft": f"{world.base}/{world.mensa.getId()}/{draft.getId()}",
        "personal area": f"{world.base}/@@area-personale",
    }
    return world


def body_class(html):
    return re.search(r'<body[^>]*class="([^"]*)"', html).group(1)


def test_citizen_pages_have_no_toolbar_and_a_header(world):
    web = session(world.a)
    for where, url in world.pages.items():
        page = web.get(url, timeout=120)
        assert page.status_code == 200, where
        assert 'id="edit-bar"' not in page.text, where
        assert "plone-toolbar" not in body_class(page.text), where
        assert "@@sharing" not in page.text and "folder_contents" not in page.text, where
        assert "content_status_modify" not in page.text, where
        header = page.text.split('class="spid-cie-identity"')[1].split("</p>")[0]
        assert "Mario Rossi" in header and "SPID" in header, where
        assert f'href="{world.base}/@@area-personale"' in header, where
        assert f'href="{world.base}/logout"' in header, where


def test_password_account_has_the_header_without_a_level(world):
    with api.env.adopt_roles(["Manager"]):
        api.user.create(username="password_user", email="p@example.it", password=STAFF_PASSWORD,
                        properties={"fullname": "Paola Password"})
    transaction.commit()
    page = session("password_user", STAFF_PASSWORD).get(world.base, timeout=120)
    assert 'id="edit-bar"' not in page.text
    header = page.text.split('class="spid-cie-identity"')[1].split("</p>")[0]
    assert "Paola Password" in header and "livello" not in header and "/logout" in header


def test_staff_and_editors_keep_the_toolbar(world):
    istruttore = session("istruttore_casa", STAFF_PASSWORD)
    for url in (world.pages["type"], world.app_url):
        page = istruttore.get(url, timeout=120)
        assert 'id="edit-bar"' in page.text and 'class="spid-cie-identity"' not in page.text
    # outside their type an Istruttore has no toolbar, but still the header
    root = istruttore.get(world.base, timeout=120)
    assert 'id="edit-bar"' not in root.text and "/logout" in root.text
    redattore = session("redattore", STAFF_PASSWORD)
    for url in (world.base, world.pages["type"]):
        page = redattore.get(url, timeout=120)
        assert 'id="edit-bar"' in page.text and "@@sharing" in page.text

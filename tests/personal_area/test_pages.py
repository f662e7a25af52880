"""The HTML pages of the personal area over HTTP: the integration form refuses a
bad file with an Italian message and stores nothing; personal headers."""

from comune.istanze.documents.store import documents_of
from comune.istanze.messages.store import messages_of
from plone import api
from tests.personal_area.world import build_world
from tests.personal_area.world import session

import pytest
import re
import transaction


TOKEN = re.compile(r'name="_authenticator" value="([^"]+)"')


@pytest.fixture
def world(functional, functional_portal):
    return build_world(functional, functional_portal)


def test_integration_form_refuses_a_bad_file(world):
    web = session(world.a)
    url = f"{world.app_url}/@@integrazione"
    page = web.get(url, timeout=60)
    assert page.status_code == 200
    assert page.headers["Cache-Control"] == "private, no-store"
    assert '<meta name="robots" content="noindex, nofollow"' in page.text
    token = TOKEN.search(page.text).group(1)
    before = len(documents_of(world.app))
    answer = web.post(url, timeout=60, data={"_authenticator": token, "text": "Ecco",
                                             "form.buttons.send": "1"},
                      files={"files:list": ("dichiarazione.pdf", b"<html>non un pdf</html>",
                                            "application/pdf")})
    assert answer.status_code == 200
    assert "non è di un tipo ammesso" in answer.text
    transaction.begin()
    assert len(documents_of(world.app)) == before
    assert [m.kind for m in messages_of(world.app)] == ["integration_request"]
    assert api.content.get_state(world.app) == "integration_requested"
    # Without the CSRF token nothing happens either.
    forged = web.post(url, timeout=60, data={"text": "Ecco", "form.buttons.send": "1"})
    assert forged.status_code == 403
    transaction.begin()
    assert api.content.get_state(world.app) == "integration_requested"

"""States as chips and notices as callouts with Bootstrap Italia; badges and
alerts of plain Bootstrap 5 on any other theme (``@@istanze-ui``)."""

from tests.fixtures import http_session
from tests.fixtures import make_citizen
from tests.fixtures import make_staff
from tests.fixtures import make_type
from tests.fixtures import submit_as

import pytest
import transaction


def _pages(portal):
    casa = make_type(portal, code="CHIP", title="Contributo affitto")
    citizen = make_citizen("Mario", "Rossi")
    app = submit_as(portal, casa, citizen)
    make_staff("istruttore", casa, "Istruttore")
    transaction.commit()
    url = app.absolute_url()
    citizen_pages = http_session(citizen.getId())
    return {
        "application": citizen_pages.get(url, timeout=30).text,
        "receipt": citizen_pages.get(url + "/@@ricevuta", timeout=30).text,
        "area": citizen_pages.get(portal.absolute_url() + "/@@area-personale", timeout=30).text,
        "staff": http_session("istruttore", password="staff-Password-1").get(
            url + "/@@istruttoria", timeout=30).text,
    }


def test_bootstrap_italia_pages_use_chips_and_callouts(themed_portal):
    pages = _pages(themed_portal)
    for name in ("application", "area", "staff"):
        assert 'class="chip chip-simple chip-primary' in pages[name], name
        assert '<span class="chip-label">Presentata</span>' in pages[name], name
        assert "badge text-bg-info fs-6" not in pages[name], name
    assert 'class="callout success d-flex' in pages["receipt"]
    assert "alert alert-success" not in pages["receipt"]


@pytest.mark.usefixtures("functional")
def test_plain_plone_pages_use_bootstrap_badges_and_alerts(functional_portal):
    pages = _pages(functional_portal)
    for name in ("application", "area", "staff"):
        assert "chip-label" not in pages[name], name
        assert 'class="badge text-bg-info fs-6 fw-normal' in pages[name], name
        assert ">Presentata</span>" in pages[name], name
    assert 'class="alert alert-success d-flex' in pages["receipt"]

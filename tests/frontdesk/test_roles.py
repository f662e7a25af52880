"""«Operatore di sportello» is given by Site Administrators, per type or
site-wide, on the Sharing page or REST ``@sharing``; every grant is audited."""

from comune.istanze.backoffice.audit import entries
from plone import api
from tests.access.test_delegation import _user
from tests.access.test_delegation import rest_post
from tests.access.test_delegation import sharing_form_post
from tests.fixtures import make_type
from tests.personal_area.world import json_session
from tests.personal_area.world import STAFF_PASSWORD

import pytest
import transaction


@pytest.fixture
def site(functional, functional_portal):
    portal = functional_portal
    casa = make_type(portal, code="CASA", title="Contributo affitto")
    mensa = make_type(portal, code="MENSA", title="Mensa")
    with api.env.adopt_roles(["Manager"]):
        _user("redattore", ["Editor"])
        _user("siteadmin", ["Site Administrator"])
        _user("operatrice")
    transaction.commit()
    base = f"http://{functional['host']}:{functional['port']}/{portal.getId()}"
    return {"portal": portal, "casa": casa, "mensa": mensa, "base": base}


def role_log(type_obj):
    transaction.begin()
    return [(e["who"], e["action"], e["detail"]) for e in entries(type_obj)
            if e["action"].startswith("role_")]


def test_per_type_grant_on_the_sharing_page_is_audited(site):
    url = f"{site['base']}/{site['casa'].getId()}"
    page, answer = sharing_form_post("siteadmin", url, "operatrice", ["Sportello"])
    assert "Operatore di sportello" in page.text and answer.status_code == 200
    assert role_log(site["casa"]) == [("siteadmin", "role_granted", "Sportello: operatrice")]
    assert role_log(site["mensa"]) == []
    desk = json_session("operatrice", STAFF_PASSWORD).get(f"{site['base']}/@@sportello", timeout=60)
    assert desk.status_code == 200 and "Contributo affitto" in desk.text and "Mensa" not in desk.text


def test_site_wide_grant_is_audited_in_every_type(site):
    assert rest_post("siteadmin", site["base"], "operatrice", ["Sportello"]).status_code == 204
    detail = ("siteadmin", "role_granted", "Sportello (tutto il sito): operatrice")
    assert role_log(site["casa"]) == [detail] and role_log(site["mensa"]) == [detail]
    assert rest_post("siteadmin", site["base"], "operatrice", []).status_code == 204
    assert role_log(site["casa"])[-1] == ("siteadmin", "role_revoked",
                                          "Sportello (tutto il sito): operatrice")


def test_an_editor_cannot_make_operators(site):
    url = f"{site['base']}/{site['casa'].getId()}"
    page, _answer = sharing_form_post("redattore", url, "operatrice", ["Sportello"])
    assert "Operatore di sportello" not in page.text
    assert rest_post("redattore", url, "operatrice", ["Sportello"]).status_code == 204
    transaction.begin()
    assert "Sportello" not in site["casa"].get_local_roles_for_userid("operatrice")
    assert role_log(site["casa"]) == []

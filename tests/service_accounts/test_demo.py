"""The demo's service account «Ufficio casa» decides a rent-subsidy application
with the token the banner of ``make start`` prints (the README's curl lines)."""

from comune.istanze.demo.service_accounts import banner_lines
from comune.istanze.demo.service_accounts import create_demo_service_account
from comune.istanze.demo.service_accounts import DEMO_TOKEN
from comune.istanze.service_accounts import store
from plone import api
from tests.fixtures import make_citizen
from tests.fixtures import make_type
from tests.fixtures import submit_as

import requests
import transaction


def test_demo_account_decides_an_application(functional_portal):
    portal = functional_portal
    with api.env.adopt_roles(["Manager"]):
        folder = api.content.create(container=portal, type="Folder", id="servizi-online",
                                    title="Servizi online")
    rent = make_type(folder, code="CONTAFF", title="Contributo affitto")
    app = submit_as(portal, rent, make_citizen("Mario", "Rossi"))
    account = create_demo_service_account(portal)
    assert create_demo_service_account(portal) is account  # kept on a second run
    transaction.commit()
    assert store.account_for_token(DEMO_TOKEN) is account and DEMO_TOKEN in "\n".join(banner_lines())
    base = portal.absolute_url()
    headers = {"Accept": "application/json", "Authorization": f"Bearer {DEMO_TOKEN}"}
    listed = requests.get(f"{base}/@scrivania", params={"state": "submitted"}, headers=headers).json()
    assert [i["number"] for i in listed["items"]] == [app.number]
    url = listed["items"][0]["@id"] if "@id" in listed["items"][0] else app.absolute_url()
    r = requests.post(f"{url}/@istruttoria", headers={**headers, "Idempotency-Key": "demo-1"},
                      json={"action": "decide", "outcome": "accept",
                            "motivation": "Requisiti verificati dal gestionale."})
    assert r.status_code == 200 and r.json()["review_state"] == "accepted", r.text
    transaction.begin()
    assert api.content.get_state(app) == "accepted"


def test_create_site_banner_lists_the_demo_token():
    import importlib.util
    import pathlib

    path = pathlib.Path(__file__).parents[2] / "scripts" / "create_site.py"
    spec = importlib.util.spec_from_file_location("create_site_for_test", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert DEMO_TOKEN in module.accounts_text()

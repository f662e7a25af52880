"""Site Administrators manage service accounts: the page and @service-accounts."""

from comune.istanze.service_accounts import store
from plone import api
from tests.service_accounts.conftest import rel

import re
import transaction


TOKEN_RE = r'<samp class="d-block text-break">(sa-ufficio-casa\.[^<]+)</samp>'


def _authenticator(html):
    return re.search(r'name="_authenticator"\s+value="([^"]+)"', html).group(1)


def test_page_creates_an_account_showing_its_token_once(sa_office, request_factory):
    casa = sa_office["casa"]
    with api.env.adopt_roles(["Manager"]):
        api.user.create(username="amministratore", email="a@comune.example",
                        password="staff-Password-1")
        api.user.grant_roles(username="amministratore", roles=["Member", "Site Administrator"])
    transaction.commit()
    web = request_factory(api=False, basic_auth=("amministratore", "staff-Password-1"))
    page = web.get("/@@account-di-servizio")
    assert page.status_code == 200, page.text[-3000:]
    assert "Gestionale tributi" in page.text and sa_office["token"] not in page.text
    assert 'id="edit-zone"' in page.text  # Plone's control panel, whole
    r = web.post("/@@account-di-servizio", data={
        "_authenticator": _authenticator(page.text), "form.create": "1", "name": "Ufficio casa",
        "types:list": [casa.UID()], "actions:list": ["read", "decide"], "with_token": "1",
        "expires": "2099-12-31"})
    assert r.status_code == 200 and "Account di servizio creato" in r.text
    token = re.search(TOKEN_RE, r.text).group(1)
    transaction.begin()
    account = store.get_account("sa-ufficio-casa")
    assert account.actions == ("read", "decide") and account.types == (casa.UID(),)
    assert store.account_for_token(token) is account
    again = web.get("/@@account-di-servizio").text
    assert token not in again and "Ufficio casa" in again
    r = web.post("/@@account-di-servizio", data={
        "_authenticator": _authenticator(again), "form.create": "1", "name": "Senza tipologie",
        "actions:list": ["read"], "with_token": "1"})
    assert r.status_code == 400 and "almeno una tipologia" in r.text
    r = web.post("/@@account-di-servizio", data={"form.revoke": "1", "account_id": "sa-ufficio-casa"})
    assert r.status_code == 403  # no CSRF token
    r = web.post("/@@account-di-servizio", data={
        "_authenticator": _authenticator(again), "form.rotate": "1", "account_id": "sa-ufficio-casa"})
    rotated = re.search(TOKEN_RE, r.text).group(1)
    transaction.begin()
    assert rotated != token and store.account_for_token(token) is None
    r = web.post("/@@account-di-servizio", data={
        "_authenticator": _authenticator(again), "form.delete": "1", "account_id": "sa-ufficio-casa"})
    transaction.begin()
    assert r.status_code == 200 and store.get_account("sa-ufficio-casa") is None
    assert sa_office["citizen"].get("/@@account-di-servizio").status_code in (401, 403)


def test_rest_management(sa_office):
    manager, casa = sa_office["manager"], sa_office["casa"]
    r = manager.post("/@service-accounts", json={"action": "create", "name": "Ufficio casa",
                                                 "types": [casa.UID()], "actions": ["read"]})
    assert r.status_code == 201 and r.json()["token"].startswith("sa-ufficio-casa."), r.text
    token = r.json()["token"]
    app = sa_office["apps"][0]
    reader = sa_office["session"](token)
    assert reader.get(f"{rel(app)}/@istruttoria").status_code == 200
    r = manager.post("/@service-accounts", json={"action": "update", "id": "sa-ufficio-casa",
                                                 "name": "Ufficio casa", "types": [sa_office["mensa"].UID()],
                                                 "actions": ["read"]})
    assert r.status_code == 200 and r.json()["account"]["types"][0]["title"] == "Mensa scolastica"
    assert reader.get(f"{rel(app)}/@istruttoria").status_code in (401, 403, 404)
    other = sa_office["other"]
    assert reader.get(f"{rel(other)}/@istruttoria").status_code == 200
    listed = reader.get("/@scrivania").json()["items"]
    assert [i["number"] for i in listed] == [other.number]  # the catalog follows the binding
    create = {"action": "create", "name": "X", "types": [casa.UID()], "actions": ["read"]}
    for body, message in (({**create, "name": ""}, "nome"),
                          ({**create, "types": ["nope"]}, "tipologia"),
                          ({**create, "actions": ["fly"]}, "azione"),
                          ({**create, "types": [{"a": 1}]}, "elenchi"),
                          ({**create, "expires": "2001-01-01"}, "futuro"),
                          ({**create, "expires": "domani"}, "Scadenza non valida"),
                          ({"action": "revoke", "id": "sa-nessuno"}, "non trovato")):
        r = manager.post("/@service-accounts", json=body)
        assert r.status_code in (400, 404) and message in r.json()["error"]["message"], (body, r.text)
    transaction.begin()
    assert sorted(a.id for a in store.all_accounts()) == ["sa-cruscotto", "sa-gestionale-tributi",
                                                          "sa-ufficio-casa"]
    r = manager.post("/@service-accounts", json={"action": "revoke", "id": "sa-ufficio-casa"})
    assert r.status_code == 200 and r.json()["account"]["token"]["active"] is False
    assert reader.get(f"{rel(other)}/@istruttoria").status_code == 401
    assert sa_office["boss"].get("/@service-accounts").status_code == 401
    assert sa_office["sa"].get("/@service-accounts").status_code in (401, 403)


def test_a_non_text_action_is_refused_in_italian(sa_office):
    for web in (sa_office["manager"], sa_office["boss"]):
        r = web.post("/@service-accounts" if web is sa_office["manager"]
                     else f"{rel(sa_office['apps'][0])}/@istruttoria", json={"action": {"a": 1}})
        assert r.status_code == 400 and r.json()["error"]["message"] == "Azione non valida."

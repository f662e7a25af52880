"""Authentication of service accounts: scoped token, client certificate header
(only when the registry trusts the proxy), revoked and expired tokens."""

from comune.istanze.service_accounts import store
from datetime import datetime
from datetime import timedelta
from plone import api
from tests.service_accounts.conftest import rel

import transaction


def test_token_reads_a_bound_application(sa_office):
    app = sa_office["apps"][0]
    r = sa_office["sa"].get(f"{rel(app)}/@istruttoria")
    assert r.status_code == 200, r.text
    assert r.json()["number"] == app.number and r.json()["applicant_name"]
    assert sa_office["session"]().get(f"{rel(app)}/@istruttoria").status_code == 401


def test_token_is_stored_only_as_a_hash(sa_office):
    account, token = sa_office["account"], sa_office["token"]
    assert token.startswith(account.id + ".") and len(token) > 40
    assert token not in str(vars(account)) and account.token_hash != token
    listed = sa_office["manager"].get("/@service-accounts").json()
    assert sa_office["account"].id in str(listed) and token not in str(listed)
    assert account.token_hash not in str(listed)


def test_wrong_revoked_and_expired_tokens_are_refused(sa_office):
    app, account, token = sa_office["apps"][0], sa_office["account"], sa_office["token"]
    url = f"{rel(app)}/@istruttoria"
    wrong = token[:-4] + ("aaaa" if not token.endswith("aaaa") else "bbbb")
    assert sa_office["session"](wrong).get(url).status_code == 401
    account.token_expires = datetime.now() - timedelta(minutes=1)
    transaction.commit()
    r = sa_office["sa"].get(url)
    assert r.status_code == 401 and app.number not in r.text
    account.token_expires = datetime.now() + timedelta(days=1)
    transaction.commit()
    assert sa_office["sa"].get(url).status_code == 200
    store.revoke_token(account)
    transaction.commit()
    assert sa_office["sa"].get(url).status_code == 401
    rotated = store.new_token(account)
    transaction.commit()
    assert sa_office["session"](rotated).get(url).status_code == 200
    assert sa_office["sa"].get(url).status_code == 401  # the old token is gone


def test_certificate_header_only_when_trusted(sa_office):
    app, account = sa_office["apps"][0], sa_office["account"]
    dn = "CN=gestionale-tributi,O=Comune di Esempio,C=IT"
    account.cert_subject = dn
    transaction.commit()
    url = f"{rel(app)}/@istruttoria"
    s = sa_office["session"]()
    s.headers["X-SSL-Client-S-DN"] = dn
    assert s.get(url).status_code == 401  # the registry does not trust the header yet
    api.portal.set_registry_record("comune.istanze.service_accounts.trust_cert_header", True)
    transaction.commit()
    assert s.get(url).status_code == 200
    s.headers["X-SSL-Client-S-DN"] = "CN=altro"
    assert s.get(url).status_code == 401
    api.portal.set_registry_record("comune.istanze.service_accounts.cert_header", "X-Client-Fingerprint")
    transaction.commit()
    s.headers["X-SSL-Client-S-DN"] = dn
    assert s.get(url).status_code == 401  # another header is the trusted one now
    s.headers["X-Client-Fingerprint"] = dn
    assert s.get(url).status_code == 200


def test_no_login_form_for_a_service_account(sa_office):
    account, token = sa_office["account"], sa_office["token"]
    s = sa_office["session"]()
    r = s.post("/@login", json={"login": account.id, "password": token})
    assert r.status_code == 401
    s = sa_office["session"]()
    s.auth = (account.id, token)
    assert s.get(f"{rel(sa_office['apps'][0])}/@istruttoria").status_code == 401

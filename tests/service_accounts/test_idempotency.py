"""Inbound Idempotency-Key: a repeated request acts once and gets the first
answer; the same key for another request is refused."""

from comune.istanze.documents.store import documents_of
from comune.istanze.messages.store import messages_of
from comune.istanze.outbox.queue import all_jobs
from comune.istanze.service_accounts import idempotency
from datetime import date
from datetime import timedelta
from tests.service_accounts.conftest import rel

import transaction


BODY = {"action": "decide", "outcome": "reject", "motivation": "ISEE oltre la soglia."}


def test_replay_returns_the_first_answer_and_acts_once(sa_office):
    sa, app = sa_office["sa"], sa_office["apps"][0]
    url = f"{rel(app)}/@istruttoria"
    first = sa.post(url, headers={"Idempotency-Key": "k-42"}, json=BODY)
    assert first.status_code == 200 and first.json()["review_state"] == "rejected", first.text
    again = sa.post(url, headers={"Idempotency-Key": "k-42"}, json=dict(reversed(BODY.items())))
    assert again.status_code == 200 and again.json() == first.json()
    assert again.headers.get("Idempotent-Replayed") == "true"
    transaction.begin()
    assert len([d for d in documents_of(app) if d.kind == "decision"]) == 1
    assert len([m for m in messages_of(app) if m.kind == "decision"]) == 1
    assert len([j for j in all_jobs(sa_office["portal"]) if j.target == app.UID()
                and j.kind == "protocol.outgoing"]) == 1


def test_same_key_other_request_is_refused(sa_office):
    sa, apps = sa_office["sa"], sa_office["apps"]
    url = f"{rel(apps[0])}/@istruttoria"
    assert sa.post(url, headers={"Idempotency-Key": "k-1"}, json=BODY).status_code == 200
    r = sa.post(url, headers={"Idempotency-Key": "k-1"}, json={**BODY, "motivation": "Altro."})
    assert r.status_code == 422 and "richiesta diversa" in r.json()["error"]["message"]
    r = sa.post(f"{rel(apps[1])}/@istruttoria", headers={"Idempotency-Key": "k-1"}, json=BODY)
    assert r.status_code == 422  # same body, another application
    transaction.begin()
    from plone import api

    assert api.content.get_state(apps[1]) == "submitted"


def test_key_is_required_for_service_accounts_only(sa_office):
    sa, app = sa_office["sa"], sa_office["apps"][0]
    r = sa.post(f"{rel(app)}/@istruttoria", json=BODY)
    assert r.status_code == 400 and "Idempotency-Key" in r.json()["error"]["message"]
    r = sa.post(f"{rel(app)}/@istruttoria", headers={"Idempotency-Key": "x" * 201}, json=BODY)
    assert r.status_code == 400
    boss = sa_office["boss"].post(f"{rel(app)}/@istruttoria", json=BODY)
    assert boss.status_code == 200  # staff are not asked for a key


def test_a_refused_request_is_not_remembered(sa_office):
    sa, app = sa_office["sa"], sa_office["apps"][0]
    url = f"{rel(app)}/@istruttoria"
    r = sa.post(url, headers={"Idempotency-Key": "k-9"}, json={**BODY, "motivation": ""})
    assert r.status_code == 400
    r = sa.post(url, headers={"Idempotency-Key": "k-9"}, json=BODY)
    assert r.status_code == 200 and r.json()["review_state"] == "rejected"


def test_keys_expire_by_day_generation(sa_office):
    account = sa_office["account"]
    tree = idempotency._generations(account)
    old = (date.today() - timedelta(days=5)).toordinal()
    tree[old] = type(tree)()
    tree[old]["vecchia"] = {"fingerprint": "x", "status": 200, "answer": "{}"}
    assert idempotency.find(account, "vecchia") is None  # past its lifetime
    yesterday = date.today() - timedelta(days=1)
    tree[yesterday.toordinal()] = type(tree)()
    tree[yesterday.toordinal()]["ieri"] = {"fingerprint": "y", "status": 200, "answer": "{}"}
    assert idempotency.find(account, "ieri")["fingerprint"] == "y"

    class Request(dict):
        response = type("R", (), {"getStatus": lambda self: 200})()

        def getHeader(self, name):
            return "nuova" if name == "Idempotency-Key" else None

    from unittest import mock

    with mock.patch.object(idempotency, "current_account", return_value=account):
        idempotency.remember(Request(PATH_INFO="/x"), {}, {"ok": True})
    assert old not in tree and yesterday.toordinal() in tree
    assert idempotency.find(account, "nuova")["status"] == 200


def test_same_key_at_once_acts_once(sa_office):
    from concurrent.futures import ThreadPoolExecutor

    app = sa_office["apps"][2]
    url = f"{rel(app)}/@istruttoria"

    def send(_n):
        s = sa_office["session"](sa_office["token"])
        return s.post(url, headers={"Idempotency-Key": "insieme"}, json=BODY)

    with ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(send, range(4)))
    assert [a.status_code for a in answers] == [200] * 4
    assert len({a.text for a in answers}) == 1
    transaction.begin()
    assert len([d for d in documents_of(app) if d.kind == "decision"]) == 1
    assert len([m for m in messages_of(app) if m.kind == "decision"]) == 1


def test_an_account_never_takes_a_members_id(sa_office):
    from plone import api
    from tests.service_accounts.conftest import make_account

    with api.env.adopt_roles(["Manager"]):
        api.user.create(username="sa-ufficio-scuola", email="s@comune.example",
                        password="staff-Password-1")
    account, _token = make_account("Ufficio scuola", [sa_office["casa"]], ["read"])
    assert account.id == "sa-ufficio-scuola-2"

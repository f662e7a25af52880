"""No pickle from the browser: the login flow's state is a signed JSON
cookie of ours; any tampering ends on the "expired session" page, no login."""

from authomatic.core import Session
from comune.istanze.integrations.spid import flowstate
from comune.istanze.integrations.spid.secret import current_secret
from sandbox.oidc_broker.identities import CITIZENS
from tests.spid import canary
from tests.spid.flow import pick
from tests.spid.flow import start
from tests.spid.test_refusals import assert_not_logged_in
from tests.spid.test_refusals import assert_refused
from types import SimpleNamespace

import base64
import json
import pickle
import pytest
import requests
import time


CF = CITIZENS[2]["fiscal_code"]
EXPIRED = "controllo di sicurezza fallito"


def _b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _resign(payload, secret):
    """A cookie with ``payload`` (bytes) and a correct signature."""
    import hashlib
    import hmac

    text = _b64(payload)
    mac = hmac.new(flowstate._key(secret), text.encode(), hashlib.sha256).digest()
    return f"{text}.{_b64(mac)}"


def _flow_cookie(session):
    return next(c for c in session.cookies if c.name == flowstate.COOKIE)


def test_flow_cookie_roundtrip_and_refusals():
    secret = "s" * 64
    value = flowstate.sign({"state": "abc"}, secret)
    assert flowstate.verify(value, secret) == {"state": "abc"}
    payload, mac = value.split(".")
    body = json.loads(base64.urlsafe_b64decode(payload + "=="))
    body["data"]["state"] = "evil"
    assert flowstate.verify(f"{_b64(json.dumps(body).encode())}.{mac}", secret) == {}
    assert flowstate.verify(f"{payload}.{_b64(b'x' * 32)}", secret) == {}
    assert flowstate.verify(value, "another-secret" * 4) == {}
    assert flowstate.verify(value, secret, now=time.time() + flowstate.MAX_AGE + 1) == {}
    assert flowstate.verify(_resign(pickle.dumps(canary.Canary()), secret), secret) == {}
    assert flowstate.verify("", secret) == {} and flowstate.verify("a.b.c", secret) == {}
    assert not canary.TRIPPED


def tamper_payload(cookie, secret):
    payload, mac = cookie.value.split(".")
    body = json.loads(base64.urlsafe_b64decode(payload + "=="))
    body["data"]["state"] = "forged-state"
    cookie.value = f"{_b64(json.dumps(body).encode())}.{mac}"


def tamper_signature(cookie, secret):
    payload, _mac = cookie.value.split(".")
    cookie.value = f"{payload}.{_b64(b'0' * 32)}"


def expire(cookie, secret):
    payload, _mac = cookie.value.split(".")
    body = json.loads(base64.urlsafe_b64decode(payload + "=="))
    body["exp"] = int(time.time()) - 1
    cookie.value = _resign(json.dumps(body).encode(), secret)


def pickle_payload(cookie, secret):
    cookie.value = _resign(pickle.dumps({"exp": 2**40, "data": canary.Canary()}), secret)


@pytest.mark.parametrize("tamper", [tamper_payload, tamper_signature, expire, pickle_payload])
def test_tampered_flow_cookie_is_refused(spid_site, site_url, tamper):
    session = requests.Session()
    page = start(session, site_url)
    tamper(_flow_cookie(session), current_secret())
    result = pick(session, page, CF)
    assert_refused(result, 400, EXPIRED)
    assert_not_logged_in(session, spid_site)
    assert not canary.TRIPPED


def test_the_canary_trips_when_unpickled():
    """Control: authomatic's Session does unpickle such a cookie."""
    secret = "x" * 64
    adapter = SimpleNamespace(url="http://localhost/", cookies={})
    Session(adapter, secret)._deserialize(_authomatic_pickle(secret))
    assert canary.TRIPPED == ["unpickled"]
    canary.TRIPPED.clear()


def _authomatic_pickle(secret):
    """What authomatic's own Session would accept: a pickle signed with the
    site's secret (as if the secret had leaked)."""
    adapter = SimpleNamespace(url="http://localhost/", cookies={})
    return Session(adapter, secret)._serialize({"authomatic:spid:flow": canary.Canary()})


@pytest.mark.parametrize("path", ["@@spid-login", "@@authomatic-handler/spid"])
def test_authomatic_pickle_cookie_is_never_unpickled(spid_site, site_url, path):
    """Even signed with the real secret, authomatic's pickle cookie is never
    read: ``@@spid-login`` uses our cookie only; pas.plugins.authomatic's own
    entry point gets a refusal from our provider before its session is read."""
    session = requests.Session()
    session.cookies.set("authomatic", _authomatic_pickle(current_secret()))
    reply = session.get(f"{site_url}/{path}", params={"code": "x", "state": "y"}, timeout=30)
    assert reply.status_code in (200, 302, 400, 401, 403, 500)
    assert "Traceback" not in reply.text
    assert not canary.TRIPPED
    assert_not_logged_in(session, spid_site)


def test_rest_authomatic_service_never_unpickles(spid_site, site_url):
    session = requests.Session()
    reply = session.post(f"{site_url}/@login-authomatic/spid",
                         json={"qs": "?code=x&state=y", "session": _authomatic_pickle(current_secret())},
                         headers={"Accept": "application/json"}, timeout=30)
    assert reply.status_code in (400, 401, 403, 404, 500)
    assert "token" not in reply.json()
    assert not canary.TRIPPED

"""Every bad answer from the broker ends on a clear Italian page, no login."""

from plone import api
from sandbox.oidc_broker.identities import CITIZENS
from tests.spid.conftest import configure
from tests.spid.flow import login
from tests.spid.flow import pick
from tests.spid.flow import start

import pytest
import requests
import socket
import transaction


CF = CITIZENS[2]["fiscal_code"]


def assert_refused(page, status, text):
    assert page.status_code == status
    assert "Accesso non riuscito" in page.text
    assert text in page.text
    assert "Traceback" not in page.text
    assert "@@accedi" in page.text  # a way to start again
    assert "@@spid-login?came_from=" not in page.text  # no loop back to here


def assert_not_logged_in(session, portal):
    assert "__ac" not in session.cookies
    transaction.begin()
    assert api.user.get(userid=CF) is None


@pytest.mark.parametrize(
    "hook,status,text",
    [
        ("bad_state", 400, "controllo di sicurezza fallito"),
        ("bad_nonce", 401, "non ha superato i controlli di sicurezza"),
        ("expired_code", 401, "non è più valido (scaduto o già usato)"),
        ("tampered_id_token", 401, "non ha superato i controlli di sicurezza"),
    ],
)
def test_broker_misbehaviour_is_refused(spid_site, site_url, hook, status, text):
    session, page = login(site_url, CF, "spid", "SpidL2", hook=hook)
    assert_refused(page, status, text)
    assert_not_logged_in(session, spid_site)


def test_replayed_callback_is_refused(spid_site, site_url):
    session, page = login(site_url, CITIZENS[0]["fiscal_code"])
    assert page.status_code == 200
    callback = page.history[0].headers["Location"]  # broker -> site, with code
    assert "code=" in callback
    replay = requests.get(callback, timeout=30)  # another browser, same code
    assert_refused(replay, 400, "controllo di sicurezza fallito")
    again = session.get(callback, timeout=30)  # same browser: session is gone
    assert_refused(again, 400, "controllo di sicurezza fallito")


def test_forged_state_cookie_is_refused(spid_site, site_url):
    session = requests.Session()
    page = start(session, site_url)
    assert "authomatic" not in session.cookies  # no pickle session any more
    for cookie in session.cookies:
        if cookie.name == "comune_istanze_spid_flow":
            cookie.value = cookie.value[:-4] + "AAAA"  # break the signature
    result = pick(session, page, CF)
    assert_refused(result, 400, "controllo di sicurezza fallito")
    assert_not_logged_in(session, spid_site)


def test_cancel_on_broker(spid_site, site_url):
    session = requests.Session()
    result = pick(session, start(session, site_url), CF, action="cancel")
    assert_refused(result, 401, "Accesso annullato")
    assert_not_logged_in(session, spid_site)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_broker_down(spid_site, site_url):
    configure(f"http://127.0.0.1:{free_port()}")
    transaction.commit()
    page = requests.get(f"{site_url}/@@spid-login", timeout=30)
    assert_refused(page, 503, "non risponde in questo momento")


def test_not_configured(spid_site, site_url):
    api.portal.set_registry_record("comune.istanze.spid.issuer", "")
    transaction.commit()
    page = requests.get(f"{site_url}/@@spid-login", timeout=30)
    assert_refused(page, 503, "non è ancora configurato")


def test_level_below_request_is_refused(spid_site, site_url):
    session = requests.Session()
    page = start(session, site_url, acr="SpidL3")
    assert 'name="acr_values" value="https://www.spid.gov.it/SpidL3"' in page.text
    result = pick(session, page, CF, level="SpidL2")
    assert_refused(result, 403, "richiede un accesso di livello SpidL3")
    assert_not_logged_in(session, spid_site)


def test_level_below_site_default_is_refused(spid_site, site_url):
    session, page = login(site_url, CF, "spid", "SpidL1")
    assert_refused(page, 403, "richiede un accesso di livello SpidL2")
    assert_not_logged_in(session, spid_site)

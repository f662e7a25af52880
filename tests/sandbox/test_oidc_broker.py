"""The sandbox SPID/CIE broker speaks OpenID Connect like the real ones."""

from sandbox.oidc_broker.identities import CITIZENS
from sandbox.oidc_broker.identities import FISCAL_NUMBER_CLAIM
from sandbox.oidc_broker.server import make_server
from sandbox.oidc_broker.server import pkce_challenge
from stdnum.it import codicefiscale
from urllib.parse import parse_qs
from urllib.parse import urlsplit

import jwt
import pytest
import requests
import secrets
import socket
import subprocess
import sys
import threading
import time


CLIENT = ("comune-istanze", "sandbox-secret")
REDIRECT = "http://127.0.0.1:9/plone/@@spid-login"


@pytest.fixture(scope="module")
def broker():
    server = make_server("127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.broker
    server.shutdown()
    server.server_close()


def authorize(broker, level="SpidL2", method="spid", hook="", citizen=CITIZENS[0]):
    """Run the authorization step; returns (query of the redirect, verifier, nonce)."""
    verifier, nonce, state = (secrets.token_urlsafe(48) for _ in range(3))
    params = {
        "client_id": CLIENT[0], "redirect_uri": REDIRECT, "response_type": "code",
        "scope": "openid profile email", "state": state, "nonce": nonce,
        "code_challenge": pkce_challenge(verifier), "code_challenge_method": "S256",
        "acr_values": f"https://www.spid.gov.it/{level}",
    }
    page = requests.get(f"{broker.issuer}/authorize", params=params, timeout=10)
    assert page.status_code == 200 and citizen["fiscal_code"] in page.text
    form = dict(params, identity=citizen["fiscal_code"], method=method, level=level,
                hook=hook, action="login")
    response = requests.post(f"{broker.issuer}/authorize", data=form,
                             allow_redirects=False, timeout=10)
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith(REDIRECT + "?")
    query = {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}
    return query, verifier, nonce, state


def token(broker, code, verifier, auth=CLIENT):
    return requests.post(
        f"{broker.issuer}/token", auth=auth, timeout=10,
        data={"grant_type": "authorization_code", "code": code,
              "redirect_uri": REDIRECT, "code_verifier": verifier},
    )


def verify(broker, id_token):
    keys = jwt.PyJWKClient(f"{broker.issuer}/jwks")
    key = keys.get_signing_key_from_jwt(id_token).key
    return jwt.decode(id_token, key, algorithms=["RS256"], audience=CLIENT[0],
                      issuer=broker.issuer)


def test_fake_citizens_have_valid_fiscal_codes():
    assert len(CITIZENS) >= 5
    for citizen in CITIZENS:
        assert codicefiscale.is_valid(citizen["fiscal_code"])
        assert citizen["fiscal_code"][11:15] == "Z999"  # no real place


def test_discovery_and_jwks(broker):
    doc = requests.get(f"{broker.issuer}/.well-known/openid-configuration", timeout=10).json()
    assert doc["issuer"] == broker.issuer
    assert doc["code_challenge_methods_supported"] == ["S256"]
    assert doc["id_token_signing_alg_values_supported"] == ["RS256"]
    keys = requests.get(doc["jwks_uri"], timeout=10).json()["keys"]
    assert keys[0]["kty"] == "RSA" and keys[0]["kid"] == broker.kid


def test_code_flow_with_pkce(broker):
    query, verifier, nonce, state = authorize(broker, "SpidL3", "cie")
    assert query["state"] == state
    response = token(broker, query["code"], verifier)
    assert response.status_code == 200
    tokens = response.json()
    claims = verify(broker, tokens["id_token"])
    assert claims["nonce"] == nonce
    assert claims["acr"] == "https://www.spid.gov.it/SpidL3" and claims["amr"] == ["cie"]
    info = requests.get(f"{broker.issuer}/userinfo", timeout=10,
                        headers={"Authorization": f"Bearer {tokens['access_token']}"}).json()
    assert info["sub"] == claims["sub"]
    assert info[FISCAL_NUMBER_CLAIM] == "TINIT-" + CITIZENS[0]["fiscal_code"]
    assert (info["given_name"], info["family_name"]) == ("Mario", "Rossi")
    # The code is single use.
    again = token(broker, query["code"], verifier)
    assert again.status_code == 400 and again.json()["error"] == "invalid_grant"


def test_pkce_and_client_are_checked(broker):
    query, verifier, _n, _s = authorize(broker)
    bad_client = token(broker, query["code"], verifier, auth=(CLIENT[0], "wrong"))
    assert bad_client.status_code == 401
    wrong = token(broker, query["code"], "not-the-verifier")
    assert wrong.status_code == 400 and "PKCE" in wrong.json()["error_description"]


def test_authorize_refuses_requests_without_pkce(broker):
    page = requests.get(f"{broker.issuer}/authorize", timeout=10, params={
        "client_id": CLIENT[0], "redirect_uri": REDIRECT, "response_type": "code",
        "scope": "openid", "state": "s", "nonce": "n"})
    assert page.status_code == 400 and "code_challenge" in page.text


def test_userinfo_needs_a_token(broker):
    response = requests.get(f"{broker.issuer}/userinfo", timeout=10,
                            headers={"Authorization": "Bearer nope"})
    assert response.status_code == 401


def test_hook_bad_state(broker):
    query, _v, _n, state = authorize(broker, hook="bad_state")
    assert query["state"] != state


def test_hook_bad_nonce(broker):
    query, verifier, nonce, _s = authorize(broker, hook="bad_nonce")
    claims = verify(broker, token(broker, query["code"], verifier).json()["id_token"])
    assert claims["nonce"] != nonce


def test_hook_expired_code(broker):
    query, verifier, _n, _s = authorize(broker, hook="expired_code")
    response = token(broker, query["code"], verifier)
    assert response.status_code == 400
    assert response.json() == {"error": "invalid_grant",
                               "error_description": "codice di autorizzazione scaduto"}


def test_hook_tampered_id_token(broker):
    query, verifier, _n, _s = authorize(broker, hook="tampered_id_token")
    id_token = token(broker, query["code"], verifier).json()["id_token"]
    with pytest.raises(jwt.InvalidSignatureError):
        verify(broker, id_token)


def test_cancel_redirects_with_access_denied(broker):
    params = {"client_id": CLIENT[0], "redirect_uri": REDIRECT, "response_type": "code",
              "scope": "openid", "state": "s1", "nonce": "n1",
              "code_challenge": pkce_challenge("v" * 50), "code_challenge_method": "S256",
              "action": "cancel"}
    response = requests.post(f"{broker.issuer}/authorize", data=params,
                             allow_redirects=False, timeout=10)
    query = parse_qs(urlsplit(response.headers["Location"]).query)
    assert query["error"] == ["access_denied"] and query["state"] == ["s1"]


def test_command_line_entry_point():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "sandbox.oidc_broker", "--port", str(port)],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert f"http://127.0.0.1:{port}" in proc.stdout.readline()
        url = f"http://127.0.0.1:{port}/.well-known/openid-configuration"
        doc = None
        for _attempt in range(50):
            try:
                doc = requests.get(url, timeout=2).json()
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        assert doc["token_endpoint"] == f"http://127.0.0.1:{port}/token"
    finally:
        proc.terminate()
        proc.wait(timeout=10)

"""The sandbox PDND: what its voucher endpoint checks, its vouchers, its hooks."""

from sandbox import SIMULATORS
from sandbox.pdnd import ASSERTION_AUDIENCE
from sandbox.pdnd import DEMO_CLIENT_ID
from sandbox.pdnd import DEMO_CLIENT_KEY
from sandbox.pdnd import DEMO_KID
from sandbox.pdnd import DEMO_PURPOSES
from sandbox.pdnd import Refused
from sandbox.pdnd import verify_voucher
from sandbox.pdnd.authority import ASSERTION_TYPE
from sandbox.pdnd.server import make_server
from tests.sandboxes import SandboxDriver
from tests.sandboxes import serving

import jwt
import pytest
import requests
import time
import uuid


INAD = DEMO_PURPOSES["inad"]
KEY = DEMO_CLIENT_KEY.read_text()


@pytest.fixture(scope="module")
def box():
    with serving(make_server("127.0.0.1", 0)) as server:
        yield SandboxDriver(server)


@pytest.fixture(autouse=True)
def clean(box):
    box.reset()


def assertion(key=KEY, kid=DEMO_KID, headers=None, **claims):
    now = int(time.time())
    values = {"iss": DEMO_CLIENT_ID, "sub": DEMO_CLIENT_ID, "aud": ASSERTION_AUDIENCE,
              "jti": str(uuid.uuid4()), "iat": now, "exp": now + 300, "purposeId": INAD.id}
    values.update(claims)
    values = {k: v for k, v in values.items() if v is not None}
    return jwt.encode(values, key, algorithm="RS256", headers={"kid": kid, **(headers or {})})


def ask(box, token, **form):
    data = {"client_id": DEMO_CLIENT_ID, "client_assertion": token,
            "client_assertion_type": ASSERTION_TYPE, "grant_type": "client_credentials"}
    data.update(form)
    return requests.post(f"{box.base}/token.oauth2", data=data, timeout=5)


def test_valid_assertion_gets_a_voucher_for_the_purposes_eservice(box):
    answer = ask(box, assertion())
    assert answer.status_code == 200
    assert answer.headers["Cache-Control"] == "no-cache, no-store"
    body = answer.json()
    assert body["token_type"] == "Bearer" and body["expires_in"] == 600
    claims = verify_voucher(body["access_token"], INAD.audience)
    assert claims["purposeId"] == INAD.id and claims["sub"] == DEMO_CLIENT_ID
    assert claims["exp"] - claims["iat"] == 600
    # the same voucher checks with the published JWKS
    jwks = requests.get(f"{box.base}/.well-known/jwks.json", timeout=5).json()
    key = jwt.PyJWK(jwks["keys"][0]).key
    assert jwt.decode(body["access_token"], key, algorithms=["RS256"],
                      audience=INAD.audience)["jti"] == claims["jti"]


def test_digest_claim_is_copied_into_the_voucher(box):
    digest = {"alg": "SHA256", "value": "a" * 64}
    token = ask(box, assertion(digest=digest)).json()["access_token"]
    assert verify_voucher(token, INAD.audience)["digest"] == digest


def test_replayed_jti_is_refused(box):
    token = assertion()
    assert ask(box, token).status_code == 200
    again = ask(box, token)
    assert again.status_code == 401 and "replay" in again.json()["detail"]
    assert box.state()["issued"] == 1




@pytest.mark.parametrize("make, status, detail", [
    (lambda: assertion(nbf=int(time.time())), 400, "claims not allowed: nbf"),
    (lambda: assertion(purposeId=None), 400, "claims missing: purposeId"),
    (lambda: assertion(aud="altro"), 401, "aud must be"),
    (lambda: assertion(sub="altro"), 401, "iss, sub"),
    (lambda: assertion(iat=int(time.time()) - 900, exp=int(time.time()) - 600), 401, "expired"),
    (lambda: assertion(iat=int(time.time()) + 600), 401, "future"),
    (lambda: assertion(exp=int(time.time()) + 90000), 400, "too long"),
    (lambda: assertion(purposeId=str(uuid.uuid4())), 401, "not active"),
    (lambda: assertion(kid="ignota"), 401, "not registered"),
    (lambda: assertion(headers={"x5u": "http://x"}), 400, "nothing else"),
    (lambda: assertion(digest={"alg": "MD5", "value": "x"}), 400, "digest must be"),
    (lambda: "non-un-jwt", 400, "not a JWS"),
])
def test_bad_assertions_are_refused_with_a_problem(box, make, status, detail):
    answer = ask(box, make())
    assert answer.status_code == status
    problem = answer.json()
    assert problem["status"] == status and detail in problem["detail"]
    assert problem["errors"][0]["code"][3] == "-"
    assert box.state()["issued"] == 0 and box.state()["refused"][0][0] == status


def test_signature_with_another_key_is_refused(box):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    other = rsa.generate_private_key(public_exponent=65537, key_size=2048).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption())
    answer = ask(box, assertion(key=other))
    assert answer.status_code == 401 and "signature" in answer.json()["detail"]


def test_grant_and_assertion_type_and_form_are_checked(box):
    assert ask(box, assertion(), grant_type="password").status_code == 400
    assert "client_assertion_type" in ask(box, assertion(),
                                          client_assertion_type="x").json()["detail"]
    assert ask(box, assertion(), client_id="altro").status_code == 401
    answer = requests.post(f"{box.base}/token.oauth2", json={"grant_type": "x"}, timeout=5)
    assert answer.status_code == 400 and "form" in answer.json()["detail"]


def test_hooks_down_fail_slow_lose(box):
    box.mode("down", times=1)
    assert ask(box, assertion()).status_code == 503
    box.mode("fail", times=1)
    assert ask(box, assertion()).status_code == 500
    box.mode("slow", delay=0.5, times=1)
    started = time.monotonic()
    assert ask(box, assertion()).status_code == 200
    assert time.monotonic() - started >= 0.5
    box.mode("lose_response", times=1)
    with pytest.raises(requests.ConnectionError):
        ask(box, assertion())
    assert box.state()["issued"] == 2  # the lost answer's voucher was issued
    assert ask(box, assertion()).status_code == 200


def test_verify_voucher_refuses_forgeries_and_expired():
    signed_by_client = jwt.encode({"iss": "pdnd-sandbox", "aud": INAD.audience}, KEY,
                                  algorithm="RS256")
    with pytest.raises(Refused) as exc:
        verify_voucher(signed_by_client, INAD.audience)
    assert exc.value.status == 401
    from sandbox.pdnd import VOUCHER_KEY

    now = int(time.time())
    expired = jwt.encode({"iss": "pdnd-sandbox", "aud": INAD.audience, "jti": "j", "iat": now - 900,
                          "exp": now - 300, "purposeId": INAD.id, "client_id": DEMO_CLIENT_ID},
                         VOUCHER_KEY.read_text(), algorithm="RS256")
    with pytest.raises(Refused, match="expired"):
        verify_voucher(expired, INAD.audience)


def test_simulator_line_and_registry_records():
    sim = next(s for s in SIMULATORS if s.name == "pdnd")
    assert sim.port_offset == 5
    records = sim.records(8080)
    assert records["comune.istanze.pdnd.token_url"] == "http://127.0.0.1:8085/token.oauth2"
    assert records["comune.istanze.pdnd.client"] == "pdnd"
    assert records["comune.istanze.pdnd.private_key_path"] == str(DEMO_CLIENT_KEY)
    assert "PRIVATE KEY" not in "".join(str(v) for v in records.values())

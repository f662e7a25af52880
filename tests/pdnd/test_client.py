"""The PDND client against the sandbox voucher endpoint over loopback."""

from comune.istanze.integrations.pdnd.errors import PDNDNotConfigured
from comune.istanze.integrations.pdnd.errors import PDNDRejected
from comune.istanze.integrations.pdnd.errors import PDNDUnavailable
from comune.istanze.integrations.pdnd.interfaces import Audit
from comune.istanze.integrations.pdnd.voucher import PDNDClient
from comune.istanze.outbox.errors import PermanentError
from comune.istanze.outbox.errors import TransientError
from concurrent.futures import ThreadPoolExecutor
from sandbox.pdnd import DEMO_CLIENT_ID
from sandbox.pdnd import DEMO_CLIENT_KEY
from sandbox.pdnd import DEMO_PURPOSES
from sandbox.pdnd import Refused
from sandbox.pdnd import verify_call
from sandbox.pdnd import verify_voucher
from tests.pdnd.conftest import wait_until

import json
import pytest
import time


INAD = DEMO_PURPOSES["inad"]
ANPR = DEMO_PURPOSES["anpr"]


def test_voucher_for_a_purpose_verifies_for_its_eservice(pdnd_client, pdnd):
    token = pdnd_client.voucher(INAD.id)
    claims = verify_voucher(token, INAD.audience)
    assert claims["purposeId"] == INAD.id and claims["client_id"] == DEMO_CLIENT_ID
    assert "digest" not in claims
    with pytest.raises(Refused):
        verify_voucher(token, ANPR.audience)  # not a voucher for another e-service
    assert pdnd.state()["issued"] == 1


def test_voucher_is_cached_per_purpose(pdnd_client, pdnd):
    first = pdnd_client.voucher(INAD.id)
    assert pdnd_client.voucher(INAD.id) == first
    other = pdnd_client.voucher(ANPR.id)
    assert other != first and verify_voucher(other, ANPR.audience)["purposeId"] == ANPR.id
    assert pdnd.state()["issued"] == 2


def test_voucher_renewed_shortly_before_expiry(pdnd, pdnd_server):
    pdnd_server.authority.lifetime = 90  # reused for 90 - min(60, 45) = 45 s
    offset = [0]
    client = PDNDClient(settings=pdnd.settings(), clock=lambda: time.time() + offset[0])
    first = client.voucher(INAD.id)
    offset[0] = 40
    assert client.voucher(INAD.id) == first
    offset[0] = 50
    second = client.voucher(INAD.id)
    assert second != first and pdnd.state()["issued"] == 2


def test_concurrent_requests_share_one_voucher(pdnd_client, pdnd):
    with ThreadPoolExecutor(8) as pool:
        tokens = set(pool.map(lambda _n: pdnd_client.voucher(INAD.id), range(16)))
    assert len(tokens) == 1 and pdnd.state()["issued"] == 1


def test_modi_headers_of_a_post_verify_on_the_eservice_side(pdnd_client, pdnd):
    body = json.dumps({"codiciFiscali": ["RSSMRA80A01H501U"]}).encode()
    audit = Audit("operatore-1", "ufficio-anagrafe", "LoA3")
    headers = pdnd_client.headers(INAD.id, "POST", INAD.audience + "/listDigitalAddress", body,
                                  INAD.audience, audit=audit)
    assert headers["Content-Type"] == "application/json"
    assert headers["Digest"].startswith("SHA-256=")
    voucher, evidence = verify_call(headers, body, INAD.audience)
    assert (evidence["userID"], evidence["userLocation"], evidence["LoA"]) == (
        "operatore-1", "ufficio-anagrafe", "LoA3")
    assert voucher["digest"]["alg"] == "SHA256"
    # the same audit claims reuse the same evidence and voucher
    again = pdnd_client.headers(INAD.id, "POST", INAD.audience, b"{}", INAD.audience, audit=audit)
    assert again["Authorization"] == headers["Authorization"]
    assert again["Agid-JWT-TrackingEvidence"] == headers["Agid-JWT-TrackingEvidence"]
    assert pdnd.state()["issued"] == 1
    # a tampered body or a foreign evidence is refused
    with pytest.raises(Refused, match="Digest"):
        verify_call(headers, body + b" ", INAD.audience)
    other = pdnd_client.headers(INAD.id, "POST", INAD.audience, body, INAD.audience,
                                audit=Audit("operatore-2", "ufficio-anagrafe", "LoA3"))
    forged = dict(headers, **{"Agid-JWT-TrackingEvidence": other["Agid-JWT-TrackingEvidence"]})
    with pytest.raises(Refused, match="bound to the voucher"):
        verify_call(forged, body, INAD.audience)
    with pytest.raises(Refused, match="content-type"):
        verify_call(dict(headers, **{"Content-Type": "text/plain"}), body, INAD.audience)


def test_get_headers_carry_voucher_and_evidence_without_digest(pdnd_client):
    headers = pdnd_client.headers(INAD.id, "GET", INAD.audience + "/extract/X", None, "")
    assert "Digest" not in headers and "Agid-JWT-Signature" not in headers
    # the audience defaults to the URL without its query; here it is not INAD's
    with pytest.raises(Refused):
        verify_call(headers, b"", INAD.audience)
    headers = pdnd_client.headers(INAD.id, "GET", INAD.audience + "/x?y=1", None, INAD.audience)
    voucher, evidence = verify_call(headers, b"", INAD.audience)
    assert evidence["userID"] == "comune.istanze"  # no user: the system
    assert evidence["userLocation"] == "sportello-centrale" and evidence["LoA"] == "LoA3"
    plain = pdnd_client.headers(INAD.id, "GET", INAD.audience, None, INAD.audience, modi=False)
    assert set(plain) == {"Authorization"}
    verify_call(plain, b"", INAD.audience, audit=False)


@pytest.mark.parametrize("mode", ["down", "fail", "slow", "lose_response"])
def test_failures_are_transient_and_nothing_is_cached(pdnd_client, pdnd, mode):
    pdnd.mode(mode, delay=2, times=1)
    with pytest.raises(PDNDUnavailable) as exc:
        pdnd_client.voucher(INAD.id)
    assert isinstance(exc.value, TransientError)
    assert "PDND" in str(exc.value)
    if mode == "slow":  # the voucher the client gave up on is issued later
        wait_until(lambda: pdnd.state()["issued"] == 1)
    token = pdnd_client.voucher(INAD.id)  # the next call asks again and succeeds
    assert verify_voucher(token, INAD.audience)["purposeId"] == INAD.id


def test_unknown_purpose_is_a_permanent_refusal_with_the_detail(pdnd_client):
    with pytest.raises(PDNDRejected) as exc:
        pdnd_client.voucher("00000000-0000-4000-8000-000000000000")
    assert isinstance(exc.value, PermanentError) and exc.value.status == 401
    assert "PDND non ha riconosciuto il client" in str(exc.value)
    assert "not active for this client" in str(exc.value)


def test_unregistered_kid_is_refused(pdnd):
    client = PDNDClient(settings=pdnd.settings(kid="altra-chiave"))
    with pytest.raises(PDNDRejected, match="altra-chiave"):
        client.voucher(INAD.id)


def test_key_from_an_environment_variable(pdnd, monkeypatch):
    monkeypatch.setenv("PDND_KEY_PROVA", DEMO_CLIENT_KEY.read_text())
    client = PDNDClient(settings=pdnd.settings(private_key_path="",
                                               private_key_env="PDND_KEY_PROVA"))
    assert verify_voucher(client.voucher(INAD.id), INAD.audience)


@pytest.mark.parametrize("overrides, message", [
    ({"private_key_path": "/nonexistent/key.pem"}, "non leggibile"),
    ({"private_key_path": "", "private_key_env": "PDND_KEY_ASSENTE"}, "vuota o assente"),
    ({"private_key_path": "", "private_key_env": ""}, "non configurata"),
    ({"client_id": ""}, "Client id o kid"),
    ({"token_url": ""}, "Indirizzo del servizio voucher"),
])
def test_missing_configuration_is_a_clear_permanent_error(pdnd, overrides, message):
    client = PDNDClient(settings=pdnd.settings(**overrides))
    with pytest.raises(PDNDNotConfigured, match=message):
        client.voucher(INAD.id)
    assert pdnd.state()["calls"] == 0


def test_not_a_key_file(pdnd, tmp_path):
    bad = tmp_path / "key.pem"
    bad.write_text("non è una chiave")
    client = PDNDClient(settings=pdnd.settings(private_key_path=str(bad)))
    with pytest.raises(PDNDNotConfigured, match="PEM valida"):
        client.voucher(INAD.id)
    with pytest.raises(PDNDNotConfigured, match="purposeId"):
        client.voucher("")

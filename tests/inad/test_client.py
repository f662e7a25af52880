"""The INAD client against the sandbox INAD (through the sandbox PDND)."""

from comune.istanze.integrations.inad.errors import INADNotFound
from comune.istanze.integrations.inad.errors import INADRejected
from comune.istanze.integrations.inad.errors import INADUnavailable
from comune.istanze.integrations.inad.rest import INADClient
from comune.istanze.integrations.pdnd.errors import PDNDUnavailable
from comune.istanze.outbox.errors import PermanentError
from comune.istanze.outbox.errors import TransientError
from datetime import date
from sandbox.inad import DEMO_DOMICILES
from sandbox.oidc_broker.identities import CITIZENS
from tests.pdnd.conftest import wait_until

import pytest


CF = {c["given_name"]: c["fiscal_code"] for c in CITIZENS}
REF = "CONTAFF-2026-000001"


def test_extract_returns_the_active_domicile_and_audits_the_call(inad_client, inad):
    found = inad_client.extract(CF["Mario"], REF)
    assert found.address == "mario.rossi@pec.cittadini.example" and found.active()
    assert found.codice_fiscale == CF["Mario"] and found.since is not None
    call = inad.log("extract")[0]
    assert CF["Mario"] in call["detail"] and REF in call["detail"]
    assert call["userID"] == "comune.istanze"


def test_extract_of_a_professional_and_of_lower_case_codes(inad_client, inad):
    found = inad_client.extract(CF["Francesca"].lower(), REF, user_id="operatore-9")
    assert found.profession == "Avvocato" and found.address.startswith("avv.")
    assert inad.log("extract")[0]["userID"] == "operatore-9"  # on whose behalf


def test_no_domicile_and_ceased_domicile_are_none(inad_client):
    assert inad_client.extract(CF["Luca"], REF) is None  # INAD answers 404
    assert inad_client.extract(CF["Paolo"], REF) is None  # ceased in 2025


def test_verify_at_a_date(inad_client):
    address = "paolo.romano@pec.cittadini.example"
    assert inad_client.verify(CF["Paolo"], address, date(2024, 5, 1), REF) is True
    assert inad_client.verify(CF["Paolo"], address, date(2025, 8, 1), REF) is False
    assert inad_client.verify(CF["Mario"], "altro@pec.example", date(2025, 8, 1), REF) is False


def test_bad_data_is_a_permanent_error_with_an_italian_message(inad_client, inad):
    with pytest.raises(INADRejected, match="Codice fiscale non valido"):
        inad_client.extract("NON-UN-CF", REF)
    assert inad.state()["calls"] == 0  # refused before calling
    with pytest.raises(INADRejected) as exc:
        inad_client.verify(CF["Mario"], "non-una-pec", date(2025, 1, 1), REF)
    assert exc.value.status == 400 and isinstance(exc.value, PermanentError)
    assert "INAD ha rifiutato la richiesta" in str(exc.value)
    assert "Digital_Address pattern" in str(exc.value)


def test_list_request_state_and_response(inad_client, inad):
    codes = [d.codice_fiscale for d in DEMO_DOMICILES] + [CF["Luca"]]
    request = inad_client.request_list(codes, REF)
    assert request.state == "PRESA_IN_CARICO" and not request.ready
    assert inad_client.list_state(request.id).state == "IN_ELABORAZIONE"
    assert inad_client.list_state(request.id).ready  # 303 DISPONIBILE
    result = inad_client.list_response(request.id)
    assert set(result) == set(codes)
    assert result[CF["Giulia"]].address == "giulia.bianchi@pec.cittadini.example"
    assert result[CF["Luca"]] is None and result[CF["Paolo"]] is None
    assert len(inad.log("listDigitalAddress")) == 1


def test_list_limits_and_unknown_request(inad_client):
    with pytest.raises(INADRejected, match="Da 1 a 1000"):
        inad_client.request_list([], REF)
    with pytest.raises(INADNotFound):
        inad_client.list_state("f8c3de3d-1fea-4d7c-a8b0-29f63c4c3454")


@pytest.mark.parametrize("mode", ["down", "fail", "slow", "lose_response"])
def test_inad_failures_are_transient(inad_client, inad, mode):
    inad.mode(mode, delay=2, times=1)
    with pytest.raises(INADUnavailable) as exc:
        inad_client.extract(CF["Mario"], REF)
    assert isinstance(exc.value, TransientError) and "INAD" in str(exc.value)
    if mode == "slow":  # served after the client gave up
        wait_until(lambda: len(inad.log("extract")) == 1)
    assert inad_client.extract(CF["Mario"], REF).address.startswith("mario.rossi")


def test_pdnd_down_is_transient_too(inad_client, pdnd):
    pdnd.mode("down", times=1)
    with pytest.raises(PDNDUnavailable) as exc:
        inad_client.extract(CF["Mario"], REF)
    assert isinstance(exc.value, TransientError)


def test_a_voucher_for_another_eservice_is_refused(inad, pdnd_client):
    from sandbox.pdnd import DEMO_PURPOSES

    client = INADClient(settings=inad.settings(purpose_id=DEMO_PURPOSES["anpr"].id),
                        pdnd=pdnd_client)
    with pytest.raises(INADRejected) as exc:
        client.extract(CF["Mario"], REF)
    assert exc.value.status == 401 and "voucher" in str(exc.value)


OPERATIONS = {
    "verify": lambda c, rid: c.verify(CF["Mario"], "mario.rossi@pec.cittadini.example",
                                      date(2025, 1, 1), REF),
    "request_list": lambda c, rid: c.request_list([CF["Mario"]], REF),
    "list_state": lambda c, rid: c.list_state(rid),
    "list_response": lambda c, rid: c.list_response(rid),
}


@pytest.mark.parametrize("operation", sorted(OPERATIONS))
@pytest.mark.parametrize("mode", ["down", "fail", "lose_response"])
def test_every_operation_maps_failures_to_transient(inad_client, inad, operation, mode):
    request = inad_client.request_list([CF["Mario"]], REF)
    inad_client.list_state(request.id)  # ready at the next poll
    inad.mode(mode, times=1)
    with pytest.raises(INADUnavailable):
        OPERATIONS[operation](inad_client, request.id)
    assert OPERATIONS[operation](inad_client, request.id) is not None  # then it works

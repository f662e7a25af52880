"""The ANPR client against the sandboxes (PDND voucher + ANPR): the three
e-services, what it sends, and every failure mode as one Italian error."""

from comune.istanze.fakes import fiscal_code
from comune.istanze.integrations.anpr.errors import ANPRNotFound
from comune.istanze.integrations.anpr.errors import ANPRRejected
from comune.istanze.integrations.anpr.errors import ANPRUnavailable
from comune.istanze.integrations.anpr.rest import RestANPRClient
from comune.istanze.integrations.anpr.rest import request_body
from tests.anpr.conftest import anpr_settings
from zope.i18n import translate

import pytest
import time


MARIO = fiscal_code("Mario", "Rossi", 1980, 1, 1)
GIULIA = fiscal_code("Giulia", "Bianchi", 1985, 3, 12, True)


def test_residence_c020(anpr, anpr_client):
    subject = anpr_client.residence(MARIO, "CONTAFF: avvio istanza")
    assert (subject.fiscal_code, subject.first_name, subject.last_name) == (MARIO, "MARIO", "ROSSI")
    place = subject.residence
    assert (place.address, place.cap, place.comune, place.istat, place.province) == (
        "VIA ROMA 12", "00100", "ESEMPIO", "999001", "EE")
    call = anpr.call_json("/calls.json")["items"][-1]
    assert call["eservice"] == "C020-servizioAccertamentoResidenza" and call["case"] == "C020"
    assert call["motive"] == "CONTAFF: avvio istanza" and call["fiscal_code"] == MARIO
    assert call["status"] == 200 and call["user"]  # voucher and ModI headers accepted


def test_generalities_c015(anpr, anpr_client):
    subject = anpr_client.generalities(GIULIA, "x")
    assert (subject.first_name, subject.sex, subject.birth_date) == ("GIULIA", "F", "1985-03-12")
    assert subject.residence is None
    assert anpr.call_json("/calls.json")["items"][-1]["case"] == "C015"


def test_family_c021(anpr, anpr_client):
    members = anpr_client.family(MARIO, "x")
    assert [m.relation for m in members] == ["intestatario scheda", "coniuge", "figlio", "figlia"]
    assert GIULIA in {m.fiscal_code for m in members}
    assert anpr.call_json("/calls.json")["items"][-1]["case"] == "C021"


def test_operation_ids_numeric_and_increasing():
    first = int(request_body(MARIO, "x", "C020")["idOperazioneClient"])
    second = int(request_body(MARIO, "x", "C020")["idOperazioneClient"])
    assert second > first


def test_unknown_code_not_found(anpr_client):
    with pytest.raises(ANPRNotFound) as exc:
        anpr_client.residence(fiscal_code("Sara", "Greco", 1999, 4, 4, True), "x")
    assert "non risulta" in translate(exc.value.message, target_language="it")


@pytest.mark.parametrize("mode", ["fail", "down", "lose_response"])
def test_failures_are_unavailable(anpr, anpr_client, mode):
    anpr.mode(mode, times=1)
    with pytest.raises(ANPRUnavailable) as exc:
        anpr_client.residence(MARIO, "x")
    assert "non risponde" in translate(exc.value.message, target_language="it")
    assert anpr_client.residence(MARIO, "x").residence.istat == "999001"  # next call fine


def test_slow_answer_is_cut_at_the_timeout(anpr, anpr_client):
    anpr.mode("slow", delay=3, times=1)
    started = time.monotonic()
    with pytest.raises(ANPRUnavailable):
        anpr_client.residence(MARIO, "x", timeout=0.5)
    assert time.monotonic() - started < 2


def test_pdnd_failure_is_unavailable(pdnd, anpr_client, anpr):
    pdnd.mode("fail")
    with pytest.raises(ANPRUnavailable) as exc:
        anpr_client.residence(MARIO, "x")
    assert "PDND" in exc.value.detail
    assert anpr.call_json("/calls.json")["items"] == []  # never reached ANPR


def test_not_configured():
    client = RestANPRClient(settings=anpr_settings(""), pdnd_client=object())
    with pytest.raises(ANPRUnavailable):
        client.residence(MARIO, "x")


def test_wrong_audience_is_rejected(anpr, pdnd_client):
    client = RestANPRClient(settings=anpr_settings(anpr.base, audience="https://altro.example"),
                            pdnd_client=pdnd_client)
    with pytest.raises((ANPRRejected, ANPRUnavailable)):
        client.residence(MARIO, "x")

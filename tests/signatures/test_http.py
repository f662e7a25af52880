"""Signed attachments over real HTTP (functional layer): the REST upload and
the web form's attachments step refuse a file without a valid signature of
the applicant, with the reason, and store nothing; a valid one is stored
with its outcome, shown in the application JSON, on the staff page and
with the enveloped document downloadable."""

from comune.istanze.documents.attachments import attachments_of
from tests.fixtures import http_session
from tests.fixtures import make_staff
from tests.fixtures import make_type
from tests.restapi.conftest import applications
from tests.restapi.conftest import b64
from tests.restapi.conftest import body
from tests.restapi.conftest import citizen_session  # noqa: F401 (fixture)
from tests.restapi.conftest import giulia  # noqa: F401 (fixture)
from tests.restapi.conftest import mario  # noqa: F401 (fixture)
from tests.signatures.conftest import filename
from tests.signatures.conftest import make_pki
from tests.signatures.conftest import MARIO_CF
from tests.signatures.conftest import signed
from tests.signatures.conftest import SLOT
from tests.signatures.conftest import slots
from tests.signatures.conftest import tamper
from tests.signatures.conftest import trust

import html
import pytest
import re
import requests
import transaction


MUST_BE_VALID = f"L'allegato «{SLOT}» deve avere una firma digitale valida: "
CASES = {
    "tampered": (lambda k: tamper(k, signed(k, "mario")),
                 MUST_BE_VALID + "il contenuto è stato modificato dopo la firma"),
    "expired": (lambda k: signed(k, "expired"),
                MUST_BE_VALID + "il certificato del firmatario è scaduto il "),
    "untrusted": (lambda k: signed(k, "stranger"),
                  MUST_BE_VALID + "il certificato del firmatario non è rilasciato da un "
                  "certificatore dell'elenco di fiducia del Comune"),
    "wrong_signer": (lambda k: signed(k, "giulia"),
                     f"L'allegato «{SLOT}» deve essere firmato dal richiedente ({MARIO_CF}); "
                     "il file è firmato da Giulia Bianchi ("),
    "not_signed": (lambda k: make_pki().report,
                   f"L'allegato «{SLOT}» deve essere firmato digitalmente"),
}


@pytest.fixture
def signed_type(functional_portal):
    type_obj = make_type(functional_portal, code="RELTEC", title="Agibilità",
                         attachments=slots(required=True, applicant=True))
    make_staff("istruttore", type_obj, "Istruttore")
    make_staff("mensa_staff", make_type(functional_portal, code="MENSA", title="Mensa"), "Istruttore")
    trust()
    transaction.commit()
    return type_obj


def item(data, name):
    return {"name": SLOT, "filename": name, "data": b64(data)}


def draft(type_obj, session):
    resp = session.post(f"{type_obj.getId()}/@istanze", json=body(submit=False))
    assert resp.status_code == 201, resp.text
    transaction.begin()
    return type_obj[resp.json()["id"]]


def slot_files(app):
    transaction.begin()
    return [a for a in attachments_of(app) if a.spec == SLOT]


@pytest.mark.parametrize("kind", ["cades", "pades"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_rest_upload_refuses_with_the_reason(signed_type, mario, kind, case):
    make, message = CASES[case]
    app = draft(signed_type, mario)
    name = "relazione.pdf" if case == "not_signed" else filename(kind)
    resp = mario.post(f"{signed_type.getId()}/{app.getId()}/@istanze-allegati", json=item(make(kind), name))
    assert resp.status_code == 400, resp.text
    error = resp.json()["error"]
    assert error["field"] == "attachments" and message in error["message"], error["message"]
    assert slot_files(app) == []  # nothing stored


def test_one_shot_creation_with_an_invalid_signature_stores_nothing(signed_type, mario):
    before = applications(signed_type)
    bad = item(signed("cades", "expired"), "relazione.pdf.p7m")
    resp = mario.post(f"{signed_type.getId()}/@istanze", json=body(attachments=body()["attachments"] + [bad]))
    assert resp.status_code == 400, resp.text
    assert MUST_BE_VALID in resp.json()["error"]["message"]
    assert applications(signed_type) == before  # not even the draft


@pytest.mark.parametrize("kind", ["cades", "pades"])
def test_valid_signature_is_stored_and_reported(signed_type, mario, giulia, kind):
    app = draft(signed_type, mario)
    base = f"{signed_type.getId()}/{app.getId()}"
    resp = mario.post(f"{base}/@istanze-allegati", json=item(signed(kind, "mario"), filename(kind)))
    assert resp.status_code == 201, resp.text
    (stored,) = slot_files(app)
    assert stored.signature["valid"] and stored.signature["kind"] == kind
    assert stored.signature["signers"][0]["fiscal_code"] == MARIO_CF
    mine = mario.get(f"{base}/@istanza").json()
    (info,) = [a for a in mine["attachments"] if a["name"] == SLOT]
    sig = info["signature"]
    assert sig["valid"] is True and sig["reasons"] == [] and sig["kind"] == kind
    assert sig["signers"][0]["name"] == "Mario Rossi" and sig["signers"][0]["fiscal_code"] == MARIO_CF
    assert sig["chain_ok"] and sig["integrity_ok"] and sig["cert_valid_at_signing"]
    assert sig["summary"].startswith(f"Firma valida ({kind.upper()}) — Mario Rossi ({MARIO_CF}) — firmato il ")
    if kind == "cades":
        content = mario.get(sig["content"])
        assert content.status_code == 200 and content.content == make_pki().report
        assert content.headers["Content-Type"] == "application/pdf"
        assert 'filename="relazione.pdf"' in content.headers["Content-Disposition"]
        other = giulia.get(sig["content"])  # another citizen: not hers
        assert other.status_code in (401, 403, 404) and other.content != make_pki().report
        assert requests.get(sig["content"], timeout=30).content != make_pki().report  # anonymous
        assert mario.post(f"{base}/@istanze-invia").status_code == 200
        elsewhere = http_session("mensa_staff", password="staff-Password-1").get(sig["content"], timeout=30)
        assert elsewhere.status_code in (401, 403, 404)  # staff of another type
    else:
        assert sig["content"] is None
    if kind == "pades":
        assert mario.post(f"{base}/@istanze-invia").status_code == 200  # the office sees it now
    staff = http_session("istruttore", password="staff-Password-1").get(
        f"{app.absolute_url()}/@@istruttoria", timeout=60)
    assert staff.status_code == 200
    assert f"Firma valida ({kind.upper()}) — Mario Rossi ({MARIO_CF}) — firmato il " in staff.text


def step_post(session, url, data):
    """POST the attachments step as the browser does (its CSRF token included)."""
    page = session.get(url, timeout=60)
    assert page.status_code == 200, page.status_code
    token = re.search(r'name="_authenticator" value="([^"]+)"', page.text).group(1)
    return session.post(url, timeout=60, headers={"Accept": "text/html"},
                        files={"allegato-1": ("relazione.pdf.p7m", data, "application/pkcs7-mime")},
                        data={"form.buttons.next": "Avanti", "_authenticator": token})


def test_web_step_refuses_with_the_reason(signed_type, mario):
    app = draft(signed_type, mario)
    url = f"{app.absolute_url()}/@@compila?step=allegati"
    before = mario.get(url, timeout=60).text
    assert "Firma digitale richiesta, del richiedente" in before  # the slot says so beforehand
    assert "Firma digitale richiesta, del richiedente" in mario.get(
        f"{signed_type.absolute_url()}/@@presenta-istanza", timeout=60).text  # and the service page
    resp = step_post(mario, url, signed("cades", "expired"))
    assert resp.status_code == 200
    text = html.unescape(resp.text)
    assert MUST_BE_VALID in text and "il certificato del firmatario è scaduto il" in text
    assert slot_files(app) == []
    ok = step_post(mario, url, signed("cades", "mario"))
    assert ok.status_code == 200
    (stored,) = slot_files(app)
    assert stored.signature["valid"] and stored.filename == "relazione.pdf.p7m"

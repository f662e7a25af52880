"""The fee definition over REST: read in @istanze-tipologie, edited on the type."""

from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from tests.fees.conftest import fee_type
from tests.fees.conftest import IBAN
from tests.fixtures import make_type

import requests
import transaction


def test_fee_is_read_and_edited_over_rest(functional_portal, functional):
    fee_type(functional_portal)
    plain = make_type(functional_portal, code="LIBERO", title="Senza pagamento")
    transaction.commit()
    base = f"http://{functional['host']}:{functional['port']}/{functional_portal.getId()}"
    json = {"Accept": "application/json"}
    types = {t["code"]: t for t in requests.get(f"{base}/@istanze-tipologie", headers=json).json()}
    fee = types["OSP"]["fee"]
    assert (fee["when"], fee["amount"], fee["iban"], fee["category"]) == (
        "submission", "16", IBAN, "9/0101108TS/")
    assert [r["kind"] for r in fee["rules"]] == ["range", "range", "option"]
    assert types["LIBERO"]["fee"] is None

    editor = requests.Session()
    editor.auth = (SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
    url = f"{base}/{plain.getId()}"
    bad = editor.patch(url, headers=json, json={
        "fee_when": "acceptance", "fee_description": "Diritti", "fee_amount": "5",
        "fee_iban": IBAN, "fee_category": "9/0101108TS/",
        "fee_rules": [{"kind": "range", "field": "isee", "minimum": "0", "maximum": "100",
                       "amount": "1"},
                      {"kind": "range", "field": "isee", "minimum": "50", "maximum": "",
                       "amount": "2"}]})
    assert bad.status_code == 400, bad.text
    assert "si sovrappone" in bad.text
    good = editor.patch(url, headers=json, json={
        "fee_when": "acceptance", "fee_description": "Diritti", "fee_amount": "5",
        "fee_iban": IBAN, "fee_category": "9/0101108TS/",
        "fee_rules": [{"kind": "range", "field": "isee", "minimum": "0", "maximum": "100",
                       "amount": "1"}]})
    assert good.status_code == 204, good.text
    types = {t["code"]: t for t in requests.get(f"{base}/@istanze-tipologie", headers=json).json()}
    assert types["LIBERO"]["fee"]["when"] == "acceptance"
    assert types["LIBERO"]["form_version"] == 2  # the fee is part of the versioned definition


def test_rest_submission_of_a_fee_type_is_pay_and_submit(functional_portal, functional):
    from comune.istanze.integrations.pagopa.storage import mark_paid
    from comune.istanze.integrations.pagopa.storage import payments_of
    from datetime import datetime
    from plone.app.testing import logout
    from tests.fixtures import http_session
    from tests.fixtures import make_citizen

    type_obj = fee_type(functional_portal)
    citizen = make_citizen()
    transaction.commit()
    base = f"http://{functional['host']}:{functional['port']}/{functional_portal.getId()}"
    web = http_session(citizen.getId())
    web.headers["Accept"] = "application/json"
    created = web.post(f"{base}/{type_obj.getId()}/@istanze", json={
        "applicant_kind": "self", "data": {"metri": 3.0, "zona": "periferia"}, "submit": True})
    assert created.status_code == 201, created.text
    data = created.json()
    assert data["review_state"] == "draft" and data["number"] is None
    [payment] = data["payments"]
    assert (payment["amount"], payment["state"], payment["payable"]) == (1600 + 2000, "new", False)
    again = web.post(f"{data['@id']}/@istanze-invia")  # asked again: the same payment
    assert again.status_code == 200 and again.json()["payments"] == data["payments"]
    frozen = web.patch(data["@id"], json={"metri": 1.0})  # the amount came from the answers
    assert frozen.status_code == 400
    assert "non si possono più modificare" in frozen.json()["error"]["message"]
    transaction.begin()
    app = type_obj[data["id"]]
    logout()
    mark_paid(app, payments_of(app)[0], datetime.now())
    transaction.commit()
    assert web.get(data["@id"]).json()["review_state"] == "submitted"


def test_the_type_edit_form_has_the_fee_tab(functional_portal, functional):
    type_obj = fee_type(functional_portal)
    transaction.commit()
    base = f"http://{functional['host']}:{functional['port']}/{functional_portal.getId()}"
    editor = requests.Session()
    editor.auth = (SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
    page = editor.get(f"{base}/{type_obj.getId()}/edit")
    assert page.status_code == 200
    for text in ("Pagamento pagoPA", "Quando si paga", "Regole dell", "form.widgets.fee_rules",
                 "Codice di tassonomia dei servizi di incasso"):
        assert text in page.text, text

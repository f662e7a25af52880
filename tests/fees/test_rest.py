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

"""Several transfers per fee: staff split the amount among up to 5 accounts
(fixed euro or percentage, the rest to the Comune's), validated in Italian,
frozen with the form version, sent to GPD as they are."""

from comune.istanze.fees.charging import charge
from comune.istanze.fees.rules import FeeRuleError
from comune.istanze.fees.transfers import check_transfers
from comune.istanze.fees.transfers import split
from comune.istanze.integrations.pagopa.gpd import GPDClient
from comune.istanze.integrations.pagopa.storage import payments_of
from comune.istanze.workflow import submission
from plone import api
from tests.fees.conftest import answer
from tests.fees.conftest import fee_type
from tests.fees.conftest import IBAN
from tests.fees.conftest import run_outbox
from tests.fees.test_rules import definition
from tests.fixtures import login
from tests.fixtures import make_citizen
from zope.i18n import translate
from zope.lifecycleevent import modified

import pytest
import transaction


POSTAL = "IT10X0760111101000000123456"
PROVINCE = "80000000001"
TEFA = {"fiscal_code": PROVINCE, "percent": "5", "iban": IBAN, "category": "9/0101108TS/",
        "remittance": "Tributo provinciale"}
STAMP = {"amount": "2", "postal_iban": POSTAL, "category": "9/0201102IM/",
         "remittance": "Rimborso spese postali"}


def test_split_fixed_and_percent_rest_to_the_comune():
    fee = definition(transfers=[TEFA, STAMP])
    made = split(fee, 9999, "Occupazione suolo pubblico")
    assert [t["amount"] for t in made] == [9999 - 499 - 200, 499, 200]  # 5% rounded down
    assert sum(t["amount"] for t in made) == 9999
    assert made[0] == {"amount": 9300, "remittance": "Occupazione suolo pubblico",
                       "category": "9/0101108TS/", "iban": IBAN}
    assert (made[1]["fiscal_code"], made[1]["remittance"]) == (PROVINCE, "Tributo provinciale")
    assert (made[2]["postal_iban"], made[2]["fiscal_code"]) == (POSTAL, "")
    assert "iban" not in made[2]
    tiny = split(fee, 215, "x")  # 5% of 2,15 € is 10 cents; of 0,10 € nothing
    assert [t["amount"] for t in tiny] == [5, 10, 200]
    with pytest.raises(FeeRuleError):  # nothing left for the Comune: refused, not stored
        split(fee, 210, "x")
    assert [t["amount"] for t in split(definition(transfers=[TEFA]), 10, "x")] == [10]
    assert split(definition(), 1600, "x") == [{"amount": 1600, "remittance": "x",
                                               "category": "9/0101108TS/", "iban": IBAN}]


@pytest.mark.parametrize("rows, message", [
    ([TEFA] * 5, "Al massimo 4 versamenti"),
    ([{**TEFA, "fiscal_code": "123"}], "codice fiscale dell'ente beneficiario"),
    ([{**TEFA, "iban": "IT61X0542811101000000123456"}], "IBAN non valido"),
    ([{**TEFA, "iban": ""}], "un IBAN bancario oppure"),
    ([{**TEFA, "postal_iban": POSTAL}], "(uno solo)"),
    ([{**TEFA, "category": "TARI"}], "codice di tassonomia non valido"),
    ([{**TEFA, "amount": "1"}], "un importo fisso oppure una percentuale"),
    ([{**TEFA, "percent": ""}], "un importo fisso oppure una percentuale"),
    ([{**TEFA, "percent": "100"}], "percentuale non valida"),
    ([{**TEFA, "percent": "abc"}], "percentuale non valida"),
    ([{**TEFA, "percent": "60"}, {**TEFA, "percent": "40"}], "superano il 100%"),
    ([{**STAMP, "amount": "0"}], "almeno 1 centesimo"),
    ([{**STAMP, "amount": "18,50"}], "minori della parte fissa"),
    ([{**TEFA, "remittance": "x" * 141}], "140 caratteri"),
])
def test_bad_transfers_are_refused_in_italian(rows, message):
    with pytest.raises(FeeRuleError) as exc:
        check_transfers(definition(transfers=rows))
    assert message in translate(exc.value.message, target_language="it")


def test_good_transfers_pass():
    check_transfers(definition(transfers=[TEFA, STAMP]))  # 2 € < 16 + 2,50 fixed parts
    check_transfers(definition(transfers=[]))


def test_positions_carry_every_transfer_and_versions_keep_theirs(pagopa_site, sandbox):
    type_obj = fee_type(pagopa_site, fee_transfers=[TEFA, STAMP])
    citizen = make_citizen()
    login(pagopa_site, citizen.getId())
    first = submission.create_draft(type_obj)
    answer(first)  # 16 + 50 + 30 = 96 €
    with api.env.adopt_roles(["Manager"]):  # the office drops the Province's share
        type_obj.fee_transfers = [STAMP]
        modified(type_obj)
    assert type_obj.current_form_version == 2
    login(pagopa_site, citizen.getId())
    second = submission.create_draft(type_obj)
    answer(second)
    one, two = charge(first), charge(second)
    assert [t["amount"] for t in one.transfers] == [9600 - 480 - 200, 480, 200]
    assert [t["amount"] for t in two.transfers] == [9600 - 200, 200]
    assert run_outbox(pagopa_site) == ["done", "done"]
    transaction.commit()
    gpd = GPDClient(settings=sandbox.settings())
    [option] = gpd.get_position(one.iupd).payment_options
    assert [(t.id_transfer, t.amount, t.organization_fiscal_code, t.iban, t.postal_iban,
             t.category) for t in option.transfers] == [
        ("1", 8920, "00000000201", IBAN, "", "9/0101108TS/"),
        ("2", 480, PROVINCE, IBAN, "", "9/0101108TS/"),
        ("3", 200, "00000000201", "", POSTAL, "9/0201102IM/")]
    assert [t.remittance_information for t in option.transfers][1:] == [
        "Tributo provinciale", "Rimborso spese postali"]
    assert len(gpd.get_position(two.iupd).payment_options[0].transfers) == 2
    assert [p.state for p in payments_of(first)] == ["published"]


def test_office_payment_goes_all_to_the_comune(pagopa_site):
    from comune.istanze.fees.charging import add_adhoc_payment

    type_obj = fee_type(pagopa_site, when="acceptance", code="ACC", fee_transfers=[STAMP])
    citizen = make_citizen()
    login(pagopa_site, citizen.getId())
    app = submission.create_draft(type_obj)
    answer(app)
    payment = add_adhoc_payment(app, "1,50", "Diritti", "Copie")
    assert payment.transfers == [{"amount": 150, "remittance": "Diritti",
                                  "category": "9/0101108TS/", "iban": IBAN}]


def test_type_edit_over_rest_refuses_bad_transfers(functional_portal, functional):
    from plone.app.testing import SITE_OWNER_NAME
    from plone.app.testing import SITE_OWNER_PASSWORD

    import requests

    type_obj = fee_type(functional_portal)
    transaction.commit()
    base = f"http://{functional['host']}:{functional['port']}/{functional_portal.getId()}"
    editor = requests.Session()
    editor.auth = (SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
    json = {"Accept": "application/json"}
    url = f"{base}/{type_obj.getId()}"
    bad = editor.patch(url, headers=json, json={"fee_transfers": [{**TEFA, "percent": "120"}]})
    assert bad.status_code == 400 and "percentuale non valida" in bad.text
    good = editor.patch(url, headers=json, json={"fee_transfers": [TEFA]})
    assert good.status_code == 204, good.text
    types = {t["code"]: t for t in requests.get(f"{base}/@istanze-tipologie",
                                                headers=json).json()}
    [row] = types["OSP"]["fee"]["transfers"]
    assert (row["fiscal_code"], row["percent"], row["amount"]) == (PROVINCE, "5", "")
    assert types["OSP"]["form_version"] == 2


def test_the_type_edit_form_shows_the_transfers_grid(functional_portal, functional):
    from plone.app.testing import SITE_OWNER_NAME
    from plone.app.testing import SITE_OWNER_PASSWORD

    import requests

    type_obj = fee_type(functional_portal)
    transaction.commit()
    base = f"http://{functional['host']}:{functional['port']}/{functional_portal.getId()}"
    page = requests.get(f"{base}/{type_obj.getId()}/edit",
                        auth=(SITE_OWNER_NAME, SITE_OWNER_PASSWORD))
    assert page.status_code == 200
    for text in ("Altri versamenti", "form.widgets.fee_transfers", "Oppure percentuale"):
        assert text in page.text, text

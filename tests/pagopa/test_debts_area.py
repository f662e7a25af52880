"""«I miei debiti con il Comune»: pages and REST over HTTP, paying through the sandbox."""

from comune.istanze.integrations.pagopa import owed
from comune.istanze.integrations.pagopa.gpd import GPDClient
from tests.fixtures import http_session
from tests.fixtures import make_citizen
from tests.pagopa.test_debts import publish
from tests.pagopa.test_debts import run_import
from tests.pagopa.test_notice import codes
from tests.pagopa.test_positions import pagopa_site  # noqa: F401

import pytest
import re
import transaction


@pytest.fixture
def world(pagopa_site, sandbox, functional):
    """Citizens A (2 debts) and B (1 debt), imported; the site's base URL."""
    a = make_citizen("Anna", "Tributi", year=1981, month=4, day=9, female=True).getId()
    b = make_citizen("Bruno", "Multe", year=1975, month=11, day=2).getId()
    gpd = GPDClient(settings=sandbox.settings())
    debts_a = publish(gpd, 2, debtor=a)
    debts_b = publish(gpd, 1, debtor=b, start=7)
    transaction.commit()
    assert run_import(pagopa_site, 1)[0] == "done"
    base = f"http://{functional['host']}:{functional['port']}/{pagopa_site.getId()}"
    return type("World", (), dict(a=a, b=b, debts_a=debts_a, debts_b=debts_b, base=base,
                                  portal=pagopa_site, gpd=gpd))


def iuv(position):
    return position.payment_options[0].iuv


def token(page):
    return re.search(r'name="_authenticator" value="([^"]+)"', page).group(1)


def test_the_page_and_rest_show_a_her_debts_and_never_b_s(world):
    page = http_session(world.a).get(f"{world.base}/@@debiti-pagopa")
    assert page.status_code == 200
    assert "I miei debiti con il Comune" in page.text and "TARI 2026 rata 0" in page.text
    assert "TARI 2026 rata 1" in page.text and "€ 10,00" in page.text
    assert "TARI 2026 rata 7" not in page.text  # B's
    assert page.headers["Cache-Control"] == "private, no-store"
    for debt in world.debts_a:
        assert debt.payment_options[0].nav[:4] in page.text
    area = http_session(world.a).get(f"{world.base}/@@area-personale")
    assert 'id="ap-debts"' in area.text and "@@debiti-pagopa" in area.text

    rest = http_session(world.b).get(f"{world.base}/@debiti-pagopa",
                                     headers={"Accept": "application/json"}).json()
    assert rest["items_total"] == 1 and rest["fiscal_code"] == world.b
    [item] = rest["items"]
    assert item["iuv"] == iuv(world.debts_b[0]) and item["amount"] == 1007
    assert item["description"] == "TARI 2026 rata 7" and item["pending"] is True

    # B asks for A's notice, pays A's debt, reads A's outcome: not found, nothing opened
    b = http_session(world.b)
    stolen = iuv(world.debts_a[0])
    assert b.get(f"{world.base}/@@debiti-pagopa-avviso?avviso={stolen}").status_code == 404
    assert b.get(f"{world.base}/@@debiti-pagopa-esito?avviso={stolen}").status_code == 404
    answer = b.post(f"{world.base}/@debiti-pagopa", json={"avviso": stolen},
                    headers={"Accept": "application/json"})
    assert answer.status_code == 404 and "non trovato" in answer.text
    assert len(world.gpd.list_positions().positions) == 3


def test_a_password_account_has_no_debts_and_anonymous_must_log_in(world):
    clerk = make_citizen("Carla", "Sportello", auth_method="password").getId()
    transaction.commit()
    page = http_session(clerk).get(f"{world.base}/@@debiti-pagopa")
    assert page.status_code == 200 and "accedi con SPID, CIE o CNS" in page.text
    assert "TARI 2026 rata" not in page.text and "debt-row" not in page.text
    import requests

    anon = requests.get(f"{world.base}/@debiti-pagopa", headers={"Accept": "application/json"})
    assert anon.status_code == 401


def test_paying_through_the_sandbox_checkout_is_checked_in_gpd(world, sandbox):
    a = http_session(world.a)
    page = a.get(f"{world.base}/@@debiti-pagopa").text
    target = world.debts_a[0]
    # without the CSRF token: refused, no cart opened
    refused = a.post(f"{world.base}/@@debiti-pagopa-paga", data={"avviso": iuv(target)},
                     allow_redirects=False)
    assert refused.status_code == 403 and sandbox.state()["carts"] == 0
    going = a.post(f"{world.base}/@@debiti-pagopa-paga",
                   data={"avviso": iuv(target), "_authenticator": token(page)},
                   allow_redirects=False)
    assert going.status_code == 302 and "/checkout/carrello/" in going.headers["Location"]
    # a forged "ok" before paying says only what GPD says
    early = a.get(f"{world.base}/@@debiti-pagopa-esito?avviso={iuv(target)}&esito=ok")
    assert "In attesa di conferma" in early.text and 'id="payment-outcome">Pagato' not in early.text
    # the citizen clicks «Paga» on the sandbox's checkout page and comes back
    back = a.post(going.headers["Location"] + "/paga", allow_redirects=False)
    assert back.status_code == 302
    landed = a.get(back.headers["Location"])
    assert landed.status_code == 200 and "pagoPA conferma il pagamento" in landed.text
    transaction.begin()
    [paid] = [d for d in owed.debts_of(world.portal, world.a) if d["iuv"] == iuv(target)]
    assert paid["status"] == "PAID" and paid["paid_at"] is not None
    left = [d["iuv"] for d in owed.pending_of(world.portal, world.a)]
    assert left == [iuv(world.debts_a[1])]
    assert iuv(target) not in a.get(f"{world.base}/@@debiti-pagopa").text
    # over REST: the checkout URL of the other one; the paid one is refused
    rest = a.post(f"{world.base}/@debiti-pagopa", json={"avviso": iuv(world.debts_a[1])},
                  headers={"Accept": "application/json"})
    assert rest.status_code == 200 and "/checkout/carrello/" in rest.json()["checkout_url"]
    again = a.post(f"{world.base}/@debiti-pagopa", json={"avviso": iuv(target)},
                   headers={"Accept": "application/json"})
    assert again.status_code == 400 and "non è più da pagare" in again.json()["error"]["message"]


def test_the_notice_pdf_of_an_imported_debt(world):
    target = world.debts_a[1]
    answer = http_session(world.a).get(
        f"{world.base}/@@debiti-pagopa-avviso?avviso={iuv(target)}")
    assert answer.status_code == 200 and answer.headers["Content-Type"] == "application/pdf"
    assert answer.content.startswith(b"%PDF")
    option = target.payment_options[0]
    assert f"PAGOPA|002|{option.nav}|00000000201|{option.amount}" in \
        codes(answer.content).values()

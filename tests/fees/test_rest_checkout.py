"""The citizen pays over REST: list, Checkout cart, real state after return."""

from comune.istanze.integrations.pagopa.storage import payments_of
from tests.fees.conftest import fee_type
from tests.fees.conftest import run_outbox
from tests.fixtures import http_session
from tests.fixtures import make_citizen

import requests
import transaction


def _paid_and_submitted(pagopa_site, site_url):
    """«Paga e invia» over REST: the type, the citizen's session, the answer."""
    type_obj = fee_type(pagopa_site)
    citizen = make_citizen()
    transaction.commit()
    web = http_session(citizen.getId())
    web.headers["Accept"] = "application/json"
    created = web.post(f"{site_url}/{type_obj.getId()}/@istanze", json={
        "applicant_kind": "self", "data": {"metri": 3.0, "zona": "periferia"}, "submit": True})
    return type_obj, web, created


def _draft_waiting(pagopa_site, site_url):
    """A «Paga e invia» draft made over REST, its position published."""
    type_obj, web, created = _paid_and_submitted(pagopa_site, site_url)
    assert created.status_code == 201, created.text
    transaction.begin()
    assert run_outbox(pagopa_site) == ["done"]
    transaction.commit()
    return type_obj, web, created.json()["@id"]


def test_rest_pay_through_checkout_and_read_the_real_state(pagopa_site, site_url):
    type_obj, web, url = _draft_waiting(pagopa_site, site_url)
    listed = web.get(f"{url}/@pagamenti-pagopa")
    assert listed.status_code == 200, listed.text
    [item] = listed.json()["items"]
    assert (item["amount"], item["state"], item["payable"], item["paid"]) == (
        3600, "published", True, False)
    assert len(item["notice_number"]) == 18 and item["notice_number"].startswith("3")
    assert item["due_date"] and item["notice_url"].endswith(f"pagamento={item['id']}")
    assert item["state_title"] == "Da pagare"

    # Coming back with a forged "esito=ok" proves nothing: GPD says unpaid.
    state = web.get(f"{url}/@pagamenti-pagopa/{item['id']}", params={"esito": "ok"})
    assert state.status_code == 200
    assert (state.json()["paid"], state.json()["application"]["review_state"]) == (
        False, "draft")

    opened = web.post(f"{url}/@pagamenti-pagopa/{item['id']}/checkout")
    assert opened.status_code == 200, opened.text
    checkout = opened.json()["checkout_url"]
    assert "/checkout/" in checkout or "carts" in checkout or checkout.startswith("http")
    page = requests.get(checkout)
    assert page.status_code == 200 and item["notice_number"] in page.text
    paid = requests.post(f"{checkout}/paga", allow_redirects=False)
    assert paid.status_code == 302 and "@@pagopa-esito" in paid.headers["Location"]

    state = web.get(f"{url}/@pagamenti-pagopa/{item['id']}").json()
    assert (state["paid"], state["state"], state["state_title"]) == (True, "paid", "Pagato")
    assert state["application"]["review_state"] == "submitted"
    assert state["application"]["number"]
    again = web.post(f"{url}/@pagamenti-pagopa/{item['id']}/checkout")  # nothing to pay now
    assert again.status_code == 200 and again.json()["checkout_url"] is None
    transaction.begin()
    [payment] = payments_of(type_obj[url.rsplit("/", 1)[1]])
    assert payment.paid_at is not None


def test_rest_payments_are_the_applicants_only(pagopa_site, site_url):
    type_obj, web, url = _draft_waiting(pagopa_site, site_url)
    [item] = web.get(f"{url}/@pagamenti-pagopa").json()["items"]
    stranger = make_citizen(first="Luca", last="Verdi")
    transaction.commit()
    other = http_session(stranger.getId())
    other.headers["Accept"] = "application/json"
    for response in (other.get(f"{url}/@pagamenti-pagopa"),
                     other.get(f"{url}/@pagamenti-pagopa/{item['id']}"),
                     other.post(f"{url}/@pagamenti-pagopa/{item['id']}/checkout")):
        assert response.status_code in (401, 404), response.text
    unknown = web.post(f"{url}/@pagamenti-pagopa/nope/checkout")
    assert unknown.status_code == 404
    assert unknown.json()["error"]["message"] == "Pagamento non trovato."
    wrong = web.post(f"{url}/@pagamenti-pagopa/{item['id']}/paga")
    assert wrong.status_code == 404


def test_rest_checkout_refused_while_the_position_is_not_published(pagopa_site, site_url):
    _type_obj, web, created = _paid_and_submitted(pagopa_site, site_url)
    url = created.json()["@id"]
    [payment] = created.json()["payments"]
    refused = web.post(f"{url}/@pagamenti-pagopa/{payment['id']}/checkout")
    assert refused.status_code == 409
    assert "non è ancora pagabile online" in refused.json()["error"]["message"]

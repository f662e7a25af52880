"""Chromium: a citizen pays a TARI notice the Comune's back-end published,
from «I miei debiti con il Comune», through the sandbox checkout; desktop and
phone widths, WCAG 2.1 AA of the page's own content."""

from tests.fixtures import chromium_page
from tests.fixtures import wcag_violations
from tests.pagopa.test_debts_area import world  # noqa: F401
from tests.pagopa.test_positions import pagopa_site  # noqa: F401

import pytest
import re


@pytest.mark.browser
def test_pay_an_imported_debt_from_the_personal_area(world, sandbox):
    from playwright.sync_api import expect

    first = world.debts_a[0]
    with chromium_page(world.base, user_id=world.a) as web:
        web.goto(f"{world.base}/@@area-personale")
        expect(web.locator("#ap-debts")).to_contain_text("Hai 2 avvisi di pagamento")
        web.get_by_role("link", name="Vedi gli avvisi di pagamento").click()
        web.wait_for_url("**/@@debiti-pagopa")
        expect(web.locator(".debt-row")).to_have_count(2)
        expect(web.locator("#debts-table")).not_to_contain_text("TARI 2026 rata 7")  # B's
        assert wcag_violations(web) == []
        row = web.locator(".debt-row", has_text="TARI 2026 rata 0")
        expect(row).to_contain_text("€ 10,00")
        row.get_by_role("button", name="Paga con pagoPA").click()
        web.wait_for_url(f"{sandbox.base}/checkout/carrello/**")
        web.get_by_role("button", name="Paga").click()
        web.wait_for_url(re.compile(r".*/@@debiti-pagopa-esito\?.*esito=ok"))
        expect(web.locator("#payment-outcome")).to_have_text("Pagato")
        web.get_by_role("link", name="I miei debiti con il Comune").click()
        expect(web.locator(".debt-row")).to_have_count(1)
        expect(web.locator(".debt-row")).to_contain_text("TARI 2026 rata 1")
        web.set_viewport_size({"width": 375, "height": 800})  # a phone
        web.reload()
        expect(web.get_by_role("button", name="Paga con pagoPA")).to_be_visible()
        expect(web.locator("#portal-footer-wrapper, footer").first).to_be_attached()
    paid = [p for p in sandbox.state()["positions"] if p["status"] == "PAID"]
    assert [p["iupd"] for p in paid] == [first.iupd]

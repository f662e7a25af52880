"""The inbox's counts per state, saved searches and keyboard navigation
(issue 14, point 4): page, REST and browser."""

from comune.istanze.backoffice import inbox
from comune.istanze.backoffice import saved_filters
from comune.istanze.interfaces import IComuneIstanzeLayer
from plone import api
from plone.protect.authenticator import createToken
from tests.backoffice.test_rest import rest_office  # noqa: F401  (fixture)
from tests.backoffice.test_rest import STAFF_PASSWORD
from tests.fixtures import chromium_page
from tests.fixtures import login
from zope.interface import alsoProvides

import pytest
import re
import transaction


def test_counts_per_state_follow_the_other_filters(portal, office):
    login(portal, "istruttore")
    with api.env.adopt_roles(["Manager"]):
        api.content.transition(obj=office["apps"][0], transition="start_review")
    counts = dict(inbox.state_counts({}))
    assert counts["submitted"] == 3 and counts["in_review"] == 1 and counts["accepted"] == 0
    assert list(counts) == list(inbox.STAFF_STATES)
    # the state filter is ignored (the counts are for every state), the others apply
    assert dict(inbox.state_counts({"state": "in_review"})) == counts
    giulia = dict(inbox.state_counts({"text": "Giulia"}))
    assert giulia["submitted"] == 1 and giulia["in_review"] == 0
    login(portal, "mensa_staff")  # another office counts only its own
    assert dict(inbox.state_counts({}))["submitted"] == 1


def test_saved_searches_are_per_user_and_validated(portal):
    saved_filters.save(portal, "istruttore", "  Da lavorare   CASA ", {"state": "open", "type": "CASA",
                                                                     "text": ""}, ("state", "type", "text"))
    saved_filters.save(portal, "altro", "Mie", {"state": "accepted"}, ("state",))
    assert saved_filters.saved_for(portal, "istruttore") == [
        {"name": "Da lavorare CASA", "filters": {"state": "open", "type": "CASA"}}]
    assert [s["name"] for s in saved_filters.saved_for(portal, "altro")] == ["Mie"]
    for name, filters, message in (("", {"state": "open"}, "Dai un nome"),
                                   ("x" * 61, {"state": "open"}, "al massimo ${n} caratteri"),
                                   ("Vuota", {"state": ""}, "almeno un filtro")):
        with pytest.raises(saved_filters.SavedFilterError) as refused:
            saved_filters.save(portal, "istruttore", name, filters, ("state",))
        assert message in refused.value.message
    for i in range(saved_filters.MAX_SAVED - 1):
        saved_filters.save(portal, "istruttore", f"R{i}", {"state": "open"}, ("state",))
    with pytest.raises(saved_filters.SavedFilterError):
        saved_filters.save(portal, "istruttore", "Una di troppo", {"state": "open"}, ("state",))
    saved_filters.save(portal, "istruttore", "R0", {"state": "closed"}, ("state",))  # replacing is fine
    saved_filters.delete(portal, "istruttore", "R0")
    with pytest.raises(saved_filters.SavedFilterError):
        saved_filters.delete(portal, "istruttore", "R0")


def _inbox(portal, request, **form):
    alsoProvides(request, IComuneIstanzeLayer)
    request.form.update(form)
    return api.content.get_view("scrivania", portal, request)()


def test_the_page_saves_lists_and_deletes_searches(portal, office, http_request):
    login(portal, "istruttore")
    http_request.method = "POST"
    html = _inbox(portal, http_request, state="open", type="CASA", nome="Aperte CASA",
                  azione="salva-ricerca", _authenticator=createToken())
    assert "Ricerca «Aperte CASA» salvata." in html
    links = re.findall(r'<a href="([^"]+)">Aperte CASA</a>', html)
    assert links and "state=open" in links[0] and "type=CASA" in links[0]
    counts = re.search(r'<nav class="mb-3 istanze-inbox-counts".*?</nav>', html, re.S).group(0)
    assert re.search(r"Presentata\s*<span[^>]*>4</span>", counts)
    # a filter that does not validate is not saved
    http_request.form.clear()
    html = _inbox(portal, http_request, state="nessuno", nome="Rotta", azione="salva-ricerca",
                  _authenticator=createToken())
    assert "Stato non valido" in html
    assert [s["name"] for s in saved_filters.saved_for(portal, "istruttore")] == ["Aperte CASA"]
    http_request.form.clear()
    html = _inbox(portal, http_request, nome="Aperte CASA", azione="elimina-ricerca",
                  _authenticator=createToken())
    assert "Ricerca «Aperte CASA» eliminata." in html
    assert saved_filters.saved_for(portal, "istruttore") == []


def test_rest_counts_and_saved_searches(rest_office):
    staff, boss, citizen = rest_office["staff"], rest_office["boss"], rest_office["citizen"]
    answer = staff.get("/@scrivania").json()
    assert answer["counts"]["submitted"] == 2 and answer["counts"]["closed"] == 0
    saved = staff.post("/@scrivania-ricerche", json={"action": "save", "name": "Presentate",
                                                     "filters": {"state": "submitted"}})
    assert saved.status_code == 200, saved.text
    assert saved.json()["items"] == [{"name": "Presentate", "filters": {"state": "submitted"}}]
    assert boss.get("/@scrivania-ricerche").json()["items"] == []  # per user
    bad = staff.post("/@scrivania-ricerche", json={"action": "save", "name": "X",
                                                   "filters": {"from": "31/12/2026"}})
    assert bad.status_code == 400 and "Data non valida" in bad.json()["error"]["message"]
    refused = citizen.get("/@scrivania-ricerche")
    assert refused.status_code == 403
    assert citizen.post("/@scrivania-ricerche", json={"action": "save", "name": "X",
                                                      "filters": {"state": "open"}}).status_code == 403
    gone = staff.post("/@scrivania-ricerche", json={"action": "delete", "name": "Presentate"})
    assert gone.status_code == 200 and gone.json()["items"] == []


@pytest.mark.browser
def test_keyboard_moves_through_the_list(functional_portal, rest_office):
    from playwright.sync_api import expect

    base = functional_portal.absolute_url()
    numbers = sorted(app.number for app in rest_office["apps"])
    transaction.commit()
    with chromium_page(base, "istruttore", password=STAFF_PASSWORD,
                       viewport={"width": 1280, "height": 800}) as web:
        web.goto(f"{base}/@@scrivania?sort=number&order=asc")
        first = web.locator("table.istanze-inbox tbody tr td:first-child a").first
        first.focus()
        expect(first).to_have_text(numbers[0])
        web.keyboard.press("ArrowDown")
        expect(web.locator(":focus")).to_have_text(numbers[1])
        web.keyboard.press("k")
        expect(web.locator(":focus")).to_have_text(numbers[0])
        web.keyboard.press("End")
        expect(web.locator(":focus")).to_have_text(numbers[-1])
        target = web.locator(":focus").get_attribute("href")
        web.keyboard.press("Enter")  # opens the application in focus
        web.wait_for_url(target)
        expect(web.locator("body")).to_contain_text(numbers[-1])

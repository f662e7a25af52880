"""The statistics page opens on the latest year with applications, never on a year to come."""

from comune.istanze.statistics import counters
from comune.istanze.statistics.restapi import StatisticsGet
from datetime import date
from tests.statistics.helpers import make_page

import csv
import io
import json
import pytest


THIS_YEAR = date.today().year


@pytest.fixture
def page(portal):
    store = counters.get_store(portal, create=True)
    # an open submission window registers counters ahead, up to its closing year
    store.register_type("CONTAFF", "Contributo affitto", [THIS_YEAR - 1, THIS_YEAR, THIS_YEAR + 1])
    store.change(THIS_YEAR - 1, "CONTAFF", "submitted", 12)
    return make_page(portal)


def view(page, name, **form):
    page.REQUEST.form.clear()
    page.REQUEST.form.update(form)
    return page.restrictedTraverse("@@" + name)


def options(html):
    return [int(v) for v in html.split('id="stat-anno"')[1].split("</select>")[0].split('value="')[1:]
            for v in [v.split('"')[0]]]


def test_opens_on_the_latest_year_with_applications(page):
    v = view(page, "view")
    html = v()
    assert v.year == THIS_YEAR - 1
    assert '"stat-istanze">12<' in html
    assert options(html) == [THIS_YEAR, THIS_YEAR - 1]  # no future year in the selector


def test_opens_on_the_current_year_once_it_has_applications(page):
    counters.get_store().change(THIS_YEAR, "CONTAFF", "submitted", 3)
    v = view(page, "view")
    v()
    assert v.year == THIS_YEAR


def test_a_future_year_asked_for_is_not_shown(page):
    v = view(page, "view", year=str(THIS_YEAR + 1))
    html = v()
    assert v.year == THIS_YEAR - 1 and THIS_YEAR + 1 not in options(html)


def rest(page):
    service = StatisticsGet()  # the class the @statistiche service directive wraps
    service.context, service.request = page, page.REQUEST
    return service.reply()


def test_open_data_and_rest_never_list_future_years(page):
    rows = list(csv.DictReader(io.StringIO(view(page, "statistiche.csv")())))
    assert [int(r["anno"]) for r in rows] == [THIS_YEAR, THIS_YEAR - 1]
    doc = json.loads(view(page, "statistiche.json")())
    assert [y["anno"] for y in doc["anni"]] == [THIS_YEAR, THIS_YEAR - 1]
    page.REQUEST.form.clear()
    assert [y["anno"] for y in rest(page)["anni"]] == [THIS_YEAR, THIS_YEAR - 1]
    page.REQUEST.form["year"] = str(THIS_YEAR + 1)
    assert rest(page)["anni"] == []

"""The staff inbox: filters, sorting, isolation between offices."""

from comune.istanze.backoffice import inbox
from plone import api
from tests.fixtures import login
from zExceptions import Forbidden

import pytest


def numbers(brains):
    return [b.application_number for b in brains]


def test_staff_sees_only_the_types_they_work(portal, office):
    login(portal, "istruttore")
    assert inbox.workable_types() == {"CASA": "Contributo affitto"}
    brains = inbox.search({})
    assert len(brains) == 4
    assert {b.application_type for b in brains} == {"CASA"}
    login(portal, "mensa_staff")
    assert [b.application_type for b in inbox.search({})] == ["MENSA"]


def test_filters_and_sorting(portal, office):
    login(portal, "istruttore")
    giulia_id = office["giulia"].getId()
    by_text = inbox.search({"text": "Giulia"})
    assert [b.applicant_id for b in by_text] == [giulia_id]
    by_number = inbox.search({"text": office["apps"][1].number})
    assert numbers(by_number) == [office["apps"][1].number]
    asc = numbers(inbox.search({"sort": "number", "order": "asc"}))
    assert asc == sorted(asc)
    assert numbers(inbox.search({"state": "in_review"})) == []
    with api.env.adopt_roles(["Manager"]):
        api.content.transition(obj=office["apps"][0], transition="start_review")
    assert numbers(inbox.search({"state": "in_review"})) == [office["apps"][0].number]
    assert len(inbox.search({"state": "open"})) == 4


def test_rows_come_from_metadata(portal, office):
    login(portal, "istruttore")
    brain = inbox.search({"text": office["apps"][0].number})[0]
    row = inbox.row(brain)
    assert row["number"] == office["apps"][0].number
    assert row["applicant"] == "Mario Rossi"
    assert row["days_open"] == 0 and row["overdue"] is False
    assert brain.ranking_values["isee"] == 1000.0


@pytest.mark.parametrize("filters, needle", [
    ({"from": "31/12/2026"}, "Data non valida"),
    ({"from": "2026-05-02", "to": "2026-05-01"}, "precede"),
    ({"state": "deleted"}, "Stato non valido"),
    ({"sort": "password"}, "Ordinamento non valido"),
    ({"type": "MENSA"}, "Tipologia non disponibile"),
])
def test_bad_filters_get_italian_messages(portal, office, filters, needle):
    login(portal, "istruttore")
    with pytest.raises(inbox.FilterError) as exc:
        inbox.search(filters)
    from zope.i18n import translate

    assert needle in translate(exc.value.message, target_language="it")


def test_inbox_page(portal, office, http_request):
    login(portal, "istruttore")
    from comune.istanze.interfaces import IComuneIstanzeLayer
    from zope.interface import alsoProvides

    alsoProvides(http_request, IComuneIstanzeLayer)
    http_request.form.update({"text": "Rossi"})
    view = api.content.get_view("scrivania", portal, http_request)
    html = view()
    assert html.count("CASA-0000") == 3
    assert "Giulia" not in html


def test_citizen_has_no_inbox(portal, office, http_request):
    login(portal, office["mario"].getId())
    from comune.istanze.interfaces import IComuneIstanzeLayer
    from zope.interface import alsoProvides

    alsoProvides(http_request, IComuneIstanzeLayer)
    view = api.content.get_view("scrivania", portal, http_request)
    with pytest.raises(Forbidden):
        view()

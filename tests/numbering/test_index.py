"""The application_number index: exact lookups and exact sorting by number,
with forward keys that do not grow in submission order."""

from comune.istanze.numbering.index import ApplicationNumberIndex
from comune.istanze.numbering.index import spread
from Products.CMFCore.indexing import processQueue
from tests.fixtures import make_citizen
from tests.fixtures import make_type
from tests.workflow.test_hot_path import _submit

import pytest


@pytest.fixture
def numbered(portal):
    type_obj = make_type(portal)
    user = make_citizen()
    apps = [_submit(portal, type_obj, user) for _i in range(25)]
    processQueue()
    return apps


def test_the_catalog_uses_the_number_index(portal):
    index = portal.portal_catalog._catalog.getIndex("application_number")
    assert isinstance(index, ApplicationNumberIndex)
    assert index.meta_type == "ApplicationNumberIndex"


def test_forward_keys_do_not_follow_submission_order(portal, numbered):
    index = portal.portal_catalog._catalog.getIndex("application_number")
    numbers = [app.number for app in numbered]
    assert numbers == sorted(numbers)
    forward = list(index._index.keys())
    assert set(forward) == {spread(n) for n in numbers}
    positions = [forward.index(spread(n)) for n in numbers]
    assert positions != sorted(positions)  # consecutive numbers land apart
    assert spread(spread(numbers[0])) == numbers[0]


def test_exact_lookups_and_exact_sorting(portal, numbered):
    catalog = portal.portal_catalog
    numbers = [app.number for app in numbered]
    found = catalog.unrestrictedSearchResults(application_number=numbers[7])
    assert [b.getId for b in found] == [numbered[7].getId()]
    found = catalog.unrestrictedSearchResults(application_number=[numbers[3], numbers[11]])
    assert sorted(b.application_number for b in found) == [numbers[3], numbers[11]]
    assert not catalog.unrestrictedSearchResults(application_number="2026-NONE-000001")
    for order, expected in (("ascending", numbers), ("descending", numbers[::-1])):
        brains = catalog.unrestrictedSearchResults(
            portal_type=numbered[0].portal_type, sort_on="application_number", sort_order=order)
        assert [b.application_number for b in brains] == expected
    index = catalog._catalog.getIndex("application_number")
    assert sorted(index.uniqueValues()) == numbers
    assert [k for k, _v in index.items()] == numbers


def test_range_queries_are_refused(portal, numbered):
    catalog = portal.portal_catalog
    with pytest.raises(ValueError):
        catalog.unrestrictedSearchResults(
            application_number={"query": ("2026-A", "2026-Z"), "range": "min:max"})


def test_unindexing_removes_the_spread_key(portal, numbered):
    catalog = portal.portal_catalog
    app = numbered[0]
    index = catalog._catalog.getIndex("application_number")
    rid = catalog.getrid("/".join(app.getPhysicalPath()))
    index.unindex_object(rid)
    assert spread(app.number) not in index._index
    assert not catalog.unrestrictedSearchResults(application_number=app.number)

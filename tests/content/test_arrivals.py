"""Arrivals: a new application is stored by a write that cannot conflict and
settled (filed into the type, catalogued) after the citizen's commit
(``comune.istanze.content.arrivals``, issue 15)."""

from comune.istanze.content import arrivals
from comune.istanze.content.arrivals import arriving
from comune.istanze.content.arrivals import IPublishedRequest
from comune.istanze.content.arrivals import pending_arrivals
from comune.istanze.content.arrivals import settle_pending
from comune.istanze.workflow.submission import new_application
from concurrent.futures import ThreadPoolExecutor
from plone import api
from tests.fixtures import make_citizen
from tests.fixtures import make_type
from tests.restapi.conftest import body
from tests.restapi.conftest import citizen_session  # noqa: F401 (fixture)
from tests.restapi.conftest import mario  # noqa: F401 (fixture)
from tests.restapi.conftest import rest_type  # noqa: F401 (fixture)
from tests.restapi.conftest import REST_FORM
from Testing.makerequest import makerequest
from ZODB.POSException import ConflictError
from zope.globalrequest import getRequest
from zope.interface import alsoProvides
from zope.interface import noLongerProvides

import pytest
import transaction


def catalogued(number):
    catalog = api.portal.get_tool("portal_catalog")
    return [b.getId for b in catalog.unrestrictedSearchResults(application_number=number)]


def submit(session, type_obj):
    resp = session.post(f"{type_obj.getId()}/@istanze", json=body())
    assert resp.status_code == 201, resp.text
    return resp.json()


def test_outside_a_published_request_the_draft_is_filed_at_once(integration):
    """Scripts, the worker, integration tests: no commit follows, so no arrival."""
    from tests.fixtures import login

    portal = integration["portal"]
    type_obj = make_type(portal)
    user = make_citizen()
    login(portal, user.getId())
    from comune.istanze.workflow.submission import create_draft

    app = create_draft(type_obj)
    assert app.getId() in type_obj._tree and not arriving(type_obj, app.getId())
    assert len(type_obj._arrivals) == 1  # the sentinel only
    catalog = api.portal.get_tool("portal_catalog")
    assert [b.getId for b in catalog.unrestrictedSearchResults(UID=app.UID())] == [app.getId()]


def test_submission_is_settled_before_the_answer_leaves(rest_type, mario, functional_portal):  # noqa: F811
    data = submit(mario, rest_type)
    transaction.begin()
    assert data["number"] and data["review_state"] == "submitted"
    assert data["id"] in rest_type._tree  # filed in the container
    assert pending_arrivals(functional_portal) == []
    assert catalogued(data["number"]) == [data["id"]]
    mine = mario.get("@mie-istanze").json()
    assert [i["number"] for i in mine["items"]] == [data["number"]]


def test_a_conflict_while_settling_is_retried_in_its_own_transaction(
        rest_type, mario, functional_portal, monkeypatch):  # noqa: F811
    real, calls = arrivals.settle, []

    def conflicting_twice(type_obj, app_id):
        calls.append(app_id)
        if len(calls) <= 2:
            raise ConflictError("forced conflict")
        return real(type_obj, app_id)

    monkeypatch.setattr(arrivals, "settle", conflicting_twice)
    data = submit(mario, rest_type)
    assert len(calls) == 3
    transaction.begin()
    assert catalogued(data["number"]) == [data["id"]]
    assert pending_arrivals(functional_portal) == []


def test_settlement_that_keeps_failing_leaves_the_submission_acknowledged(
        rest_type, mario, functional_portal, monkeypatch):  # noqa: F811
    """The citizen's answer is a success with the number; the application is
    stored and reachable, only not catalogued until the worker settles it."""
    calls = []

    def always_conflicting(type_obj, app_id):
        calls.append(app_id)
        raise ConflictError("forced conflict")

    monkeypatch.setattr(arrivals, "settle", always_conflicting)
    monkeypatch.setattr(arrivals, "SETTLE_PAUSE", 0)
    data = submit(mario, rest_type)
    assert data["number"] and len(calls) == arrivals.SETTLE_TRIES
    transaction.begin()
    assert arriving(rest_type, data["id"]) and data["id"] not in rest_type._tree
    assert catalogued(data["number"]) == []
    app = rest_type[data["id"]]
    assert (app.number, api.content.get_state(app)) == (data["number"], "submitted")
    seen = mario.get(f"{rest_type.getId()}/{data['id']}/@istanza")
    assert seen.status_code == 200 and seen.json()["number"] == data["number"]
    monkeypatch.undo()
    assert settle_pending(functional_portal) == 1  # the outbox worker's step
    transaction.begin()
    assert data["id"] in rest_type._tree and not arriving(rest_type, data["id"])
    assert catalogued(data["number"]) == [data["id"]]
    assert [i["number"] for i in mario.get("@mie-istanze").json()["items"]] == [data["number"]]


def test_an_unexpected_error_while_settling_never_fails_the_answer(
        rest_type, mario, functional_portal, monkeypatch):  # noqa: F811
    def broken(type_obj, app_id):
        raise RuntimeError("broken settlement")

    monkeypatch.setattr(arrivals, "settle", broken)
    data = submit(mario, rest_type)
    monkeypatch.undo()
    transaction.begin()
    assert [app_id for _t, app_id in pending_arrivals(functional_portal)] == [data["id"]]
    assert settle_pending(functional_portal) == 1
    transaction.begin()
    assert catalogued(data["number"]) == [data["id"]]


def test_concurrent_submissions_have_unique_numbers_and_are_all_listed(
        functional_portal, citizen_session):  # noqa: F811
    type_obj = make_type(functional_portal, xml=REST_FORM)
    transaction.commit()
    sessions = [citizen_session("Cittadino", f"Numero{i}", year=1970 + i) for i in range(6)]
    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(lambda s: submit(s, type_obj), sessions))
    numbers = [r["number"] for r in results]
    assert len(set(numbers)) == 6
    transaction.begin()
    assert pending_arrivals(functional_portal) == []
    assert sorted(sum((catalogued(n) for n in numbers), [])) == sorted(r["id"] for r in results)


def _connection(db, path):
    """A second ZODB connection with its own transaction, as another Zope
    thread has it; returns (transaction manager, connection, type object)."""
    tm = transaction.TransactionManager(explicit=True)
    conn = db.open(transaction_manager=tm)
    tm.begin()
    return tm, conn, makerequest(conn.root()["Application"]).unrestrictedTraverse(path)


def _new(type_obj, n):
    return new_application(type_obj, f"CITTADINO{n:07d}", f"Cittadino {n}", None)


def test_two_transactions_adding_to_the_same_type_both_commit(functional, functional_portal):
    """Forty arrivals in each of two concurrent transactions: the arrivals
    bucket merges them. The same adds into the container's BTree conflict
    (bucket split, inner node changed by both)."""
    type_obj = make_type(functional_portal)
    transaction.commit()
    path, db = type_obj.getPhysicalPath(), functional["zodbDB"]
    request = getRequest()
    alsoProvides(request, IPublishedRequest)
    try:
        (tm_a, conn_a, type_a), (tm_b, conn_b, type_b) = _connection(db, path), _connection(db, path)
        ids_a = [arrivals.add(type_a, _new(type_a, n)).getId() for n in range(40)]
        ids_b = [arrivals.add(type_b, _new(type_b, 100 + n)).getId() for n in range(40)]
        tm_a.commit()
        tm_b.commit()  # no ConflictError: the bucket merged both
        request.other.pop("_comune_istanze_arrivals", None)

        tm_a.begin(), tm_b.begin()
        for n in range(40):
            app = _new(type_a, 200 + n)
            type_a._setOb(app.id, app)
            app = _new(type_b, 300 + n)
            type_b._setOb(app.id, app)
        tm_a.commit()
        with pytest.raises(ConflictError):
            tm_b.commit()  # what the arrivals avoid
        tm_b.abort()
        conn_a.close(), conn_b.close()
    finally:
        noLongerProvides(request, IPublishedRequest)
    transaction.begin()
    assert sorted(k for k in type_obj._arrivals.keys() if k) == sorted(ids_a + ids_b)
    assert settle_pending(functional_portal) == 80
    transaction.begin()
    assert len(type_obj._arrivals) == 1
    assert set(ids_a + ids_b) <= set(type_obj._tree.keys())
    catalog = api.portal.get_tool("portal_catalog")
    found = {b.getId for b in catalog.unrestrictedSearchResults(portal_type=type_obj.published_type)}
    assert set(ids_a + ids_b) <= found

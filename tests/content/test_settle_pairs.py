"""Settling pairs the submissions a process has in flight
(``content/arrivals.py``, ``settle_after_publication``): one settling
transaction files the arrivals of both threads of a process."""

from comune.istanze.content import arrivals

import pytest
import threading
import time


class Type:
    def __init__(self, name):
        self.name = name

    def getPhysicalPath(self):
        return ("", "Plone", self.name)


class Request:
    def __init__(self):
        self.other = {}


class Event:
    def __init__(self, request):
        self.request = request


@pytest.fixture
def batches(monkeypatch):
    """The settling transactions, recorded instead of committed."""
    done = []
    monkeypatch.setattr(arrivals, "_settle_in_own_transaction",
                        lambda anchor, batch: done.append(sorted(app for _p, app in batch)) or True)
    monkeypatch.setattr(arrivals, "_arriving_requests", [0])
    monkeypatch.setattr(arrivals, "_queue", [])
    return done


def arriving(request, app_id, type_obj=Type("bando")):
    arrivals._request_holds_arrival(request).append((type_obj, app_id))


def test_a_submission_in_flight_is_settled_with_the_one_that_committed(batches):
    first, second = Request(), Request()
    arriving(first, "a1")
    arriving(second, "b1")  # the other thread: stored, not yet committed
    settled = threading.Thread(target=arrivals.settle_after_publication, args=(Event(first),))
    started = time.monotonic()
    settled.start()
    time.sleep(0.01)
    assert batches == []  # waiting for the other submission to commit
    arrivals.settle_after_publication(Event(second))
    settled.join()
    assert batches == [["a1", "b1"]]  # one transaction for both
    assert time.monotonic() - started < arrivals.SETTLE_WINDOW + 1
    assert arrivals._arriving_requests == [0]


def test_the_wait_is_bounded_by_the_window(batches, monkeypatch):
    monkeypatch.setattr(arrivals, "SETTLE_WINDOW", 0.2)
    first, stuck = Request(), Request()
    arriving(first, "a1")
    arriving(stuck, "s1")  # never commits in time
    started = time.monotonic()
    arrivals.settle_after_publication(Event(first))
    waited = time.monotonic() - started
    assert batches == [["a1"]]
    assert 0.15 <= waited < 2


def test_nothing_in_flight_settles_at_once(batches, monkeypatch):
    monkeypatch.setattr(arrivals, "SETTLE_WINDOW", 30)  # would be noticed
    request = Request()
    arriving(request, "a1")
    arriving(request, "a2")  # one request, two arrivals: counted once
    assert arrivals._arriving_requests == [1]
    arrivals.settle_after_publication(Event(request))
    assert batches == [["a1", "a2"]]


def test_a_failed_request_is_no_longer_waited_for(batches, monkeypatch):
    monkeypatch.setattr(arrivals, "SETTLE_WINDOW", 30)
    failed, committed = Request(), Request()
    arriving(failed, "f1")
    arriving(committed, "c1")
    arrivals.forget_failed_publication(Event(failed))  # IPubFailure: aborted
    arrivals.settle_after_publication(Event(committed))
    assert batches == [["c1"]]  # the aborted one is not arriving
    assert arrivals._arriving_requests == [0]
    arrivals.settle_after_publication(Event(failed))  # nothing left for it
    assert batches == [["c1"]]

"""``@@health`` / ``@health``: what the load balancer and monitoring read."""

from comune.istanze.health import checks
from comune.istanze.health import heartbeat
from comune.istanze.outbox import queue
from comune.istanze.outbox import worker

import json
import pytest
import requests
import transaction


@pytest.fixture(autouse=True)
def _fresh_beats():
    heartbeat._last_beat.clear()
    yield
    heartbeat._last_beat.clear()


def _get(base, path, **params):
    return requests.get(f"{base}/{path}", params=params, headers={"Accept": "application/json"},
                        timeout=30)


def test_without_a_worker_the_process_still_serves_but_is_degraded(functional_portal):
    base = functional_portal.absolute_url()
    answer = _get(base, "@@health")
    assert answer.status_code == 200
    assert answer.headers["Cache-Control"] == "no-store"
    body = answer.json()
    assert body["status"] == "degraded"
    assert body["database"]["ok"] is True
    assert body["worker"] == {"ok": False, "last_seen_seconds": None}
    assert body["outbox"] == {"pending": 0, "failed": 0}
    # monitoring asks strictly: not all well is 503
    assert _get(base, "@@health", strict="1").status_code == 503
    assert _get(base, "@health").json()["status"] == "degraded"


def test_a_worker_loop_beats_and_the_report_is_ok(functional, functional_portal):
    site_id = functional_portal.getId()
    worker.run(functional["app"], site_id, once=True)
    base = functional_portal.absolute_url()
    body = _get(base, "@@health", strict="1")
    assert body.status_code == 200, body.text
    assert body.json()["status"] == "ok"
    assert 0 <= body.json()["worker"]["last_seen_seconds"] <= 5
    rest = _get(base, "@health", strict="1")
    assert rest.status_code == 200 and rest.json()["worker"]["ok"] is True


def test_a_late_worker_and_failed_jobs_are_reported(functional_portal):
    transaction.begin()
    heartbeat.beat(functional_portal, now=1000.0, key="host-a:1")
    job = queue.enqueue(functional_portal, "email", "", "email:health-test",
                        {"to": "giulia@example.org", "subject": "RSSMRA80A01H501U", "body": "x"})
    queue.mark_failed(functional_portal, job, "SMTP giù per RSSMRA80A01H501U", permanent=True)
    queue.sync_sets(functional_portal, job)
    transaction.commit()
    report = checks.report(functional_portal, now=1000.0 + checks.WORKER_LATE + 1)
    assert report["status"] == "degraded"
    assert report["worker"] == {"ok": False, "last_seen_seconds": checks.WORKER_LATE + 1}
    assert report["outbox"] == {"pending": 0, "failed": 1}
    answer = _get(functional_portal.absolute_url(), "@@health")
    # counts only: nothing of the job's data or error leaves
    assert "RSSMRA" not in answer.text and "giulia" not in answer.text
    assert set(json.loads(answer.text)) == {"status", "database", "worker", "outbox"}


def test_beats_are_rate_limited_and_each_worker_writes_its_own_key(functional_portal):
    assert heartbeat.beat(functional_portal, now=5000.0, key="h:1") is True
    assert heartbeat.beat(functional_portal, now=5010.0, key="h:1") is False  # within 30 s
    assert heartbeat.beat(functional_portal, now=5010.0, key="h:2") is True
    assert heartbeat.last_beat(functional_portal) == 5010.0
    # a worker silent for more than a week is forgotten by the next beat
    later = 5010.0 + heartbeat.FORGET_AFTER + 1
    assert heartbeat.beat(functional_portal, now=later, key="h:3") is True
    transaction.begin()
    assert set(functional_portal._comune_istanze_heartbeats) == {"h:3"}


class _Broken:
    """A site whose storage cannot be read (the database is gone)."""

    _p_oid = b"\0" * 8

    class _p_jar:
        @staticmethod
        def db():
            class Storage:
                def load(self, oid):
                    raise OSError("connessione al database persa")
            return type("DB", (), {"storage": Storage()})()


def test_without_the_database_the_answer_is_503():
    report = checks.report(_Broken())
    assert report == {"status": "down", "database": {"ok": False}}
    assert checks.http_status(report) == 503


def test_a_disconnected_zeo_client_is_down():
    class Site(_Broken):
        class _p_jar:
            @staticmethod
            def db():
                return type("DB", (), {"storage": type("S", (), {"is_connected": lambda self: False})()})()

    assert checks.database(Site()) == {"ok": False}

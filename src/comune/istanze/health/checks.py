"""What ``@@health`` reports: counts and ages only, never a person or a job's data.

* ``database``: the storage answers (a load of the site's record; ZEO's
  connection state); if not, the process cannot serve: HTTP 503;
* ``worker``: seconds since the last heartbeat of any outbox worker; older
  than :data:`WORKER_LATE` is "late";
* ``outbox``: jobs waiting and jobs failed (or stuck).

``status`` is "ok", "degraded" (the process serves, but the worker is late
or jobs failed) or "down" (no database). The load balancer's check answers
503 only when "down": a late worker is no reason to stop serving citizens;
``?strict=1`` answers 503 when "degraded" too, for monitoring.
"""

from comune.istanze.health.heartbeat import last_beat
from comune.istanze.outbox import queue

import logging
import time


logger = logging.getLogger(__name__)
WORKER_LATE = 300  # seconds


def database(portal):
    try:
        storage = portal._p_jar.db().storage
        connected = getattr(storage, "is_connected", None)
        if connected is not None and not connected():
            return {"ok": False}
        started = time.perf_counter()
        storage.load(portal._p_oid)
        return {"ok": True, "ms": round((time.perf_counter() - started) * 1000, 1)}
    except Exception as exc:  # any storage failure means: not serving
        logger.warning("health: database check failed: %s", exc)
        return {"ok": False}


def worker(portal, now=None):
    seen = last_beat(portal)
    if seen is None:
        return {"ok": False, "last_seen_seconds": None}
    age = max(0, int((now or time.time()) - seen))
    return {"ok": age <= WORKER_LATE, "last_seen_seconds": age}


def outbox(portal):
    return {"pending": len(queue.open_job_ids(portal)), "failed": len(queue.problem_jobs(portal))}


def report(portal, now=None):
    db = database(portal)
    if not db["ok"]:
        return {"status": "down", "database": db}
    result = {"database": db, "worker": worker(portal, now), "outbox": outbox(portal)}
    healthy = result["worker"]["ok"] and not result["outbox"]["failed"]
    result["status"] = "ok" if healthy else "degraded"
    return result


def http_status(result, strict=False):
    if result["status"] == "down" or (strict and result["status"] != "ok"):
        return 503
    return 200

"""Time every published request (loaded only by the benchmark instance).

One JSON line per attempt (a request ZPublisher retries gives several) in
the file named by ``BENCH_TIMING_LOG``: path, thread, wall-clock start, and
the seconds spent until traversal was done, until the commit began and
until the end, so that a slow request shows *where* it was slow, and can be
matched with the client's own timing of the same submission.
"""

import json
import os
import threading
import time


_lock = threading.Lock()
_KEY = "_bench_timing"


def _marks(request):
    marks = request.other.get(_KEY)
    if marks is None:
        marks = request.other[_KEY] = {"start": time.time(), "t0": time.perf_counter()}
    return marks


def _mark(name):
    def handler(event):
        marks = _marks(event.request)
        marks[name] = round(time.perf_counter() - marks["t0"], 4)
    return handler


on_start = _mark("started")
on_traversed = _mark("traversed")
on_before_commit = _mark("committing")


def _write(event, outcome):
    path = os.environ.get("BENCH_TIMING_LOG")
    if not path:
        return
    request = event.request
    marks = _marks(request)
    record = {
        "path": request.get("PATH_INFO", ""),
        "method": request.get("REQUEST_METHOD", ""),
        "thread": threading.current_thread().name,
        "start": marks.get("start"),
        "traversed": marks.get("traversed"),
        "committing": marks.get("committing"),
        "seconds": round(time.perf_counter() - marks["t0"], 4),
        "outcome": outcome,
        "retry_count": getattr(request, "retry_count", 0),
    }
    line = json.dumps(record) + "\n"
    with _lock, open(path, "a", encoding="utf-8") as log:
        log.write(line)


def on_success(event):
    _write(event, "success")


def on_failure(event):
    exc = event.exc_info[1] if event.exc_info else None
    _write(event, f"failure:{type(exc).__name__}:retry={bool(event.retry)}")

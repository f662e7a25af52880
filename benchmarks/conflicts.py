"""Count the ZODB conflicts ZPublisher retries (loaded only by the benchmark instance).

ZPublisher retries a request that fails with a ConflictError silently; this
subscriber to ``IPubBeforeAbort`` appends one JSON line per failed attempt to
the file named by the ``BENCH_CONFLICT_LOG`` environment variable: whether the
request will be retried, the exception class, and the oid and class of the
object the conflict was on, so that hot spots can be found and removed.
"""

from ZODB.POSException import ConflictError
from ZODB.utils import oid_repr

import json
import os
import threading


_lock = threading.Lock()


def _class_of(request, oid):
    """Class name of the object with ``oid``, from the request's connection."""
    for parent in request.get("PARENTS", ()) or ():
        jar = getattr(parent, "_p_jar", None)
        if jar is not None:
            try:
                klass = type(jar.get(oid))
            except Exception:  # the object may be gone: the name is all we need
                return None
            return f"{klass.__module__}.{klass.__name__}"
    return None


def describe(request, exc):
    """The JSON-able record of one failed attempt."""
    record = {"exception": type(exc).__name__, "path": request.get("PATH_INFO", "")}
    if isinstance(exc, ConflictError):
        oid = exc.oid
        record["oid"] = oid_repr(oid) if oid else None
        record["class"] = exc.class_name or (_class_of(request, oid) if oid else None)
    return record


def on_before_abort(event):
    path = os.environ.get("BENCH_CONFLICT_LOG")
    exc = event.exc_info[1] if event.exc_info else None
    if not path or exc is None:
        return
    record = describe(event.request, exc)
    record["retry"] = bool(event.retry)
    line = json.dumps(record) + "\n"
    with _lock, open(path, "a", encoding="utf-8") as log:
        log.write(line)

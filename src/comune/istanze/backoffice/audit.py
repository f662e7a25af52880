"""Audit log of staff work: every read of an application and every action.

Entries live in a BTree on the application *type* (the Responsabile reads
and exports the whole log of the type), keyed by time plus a random suffix:
two staff members acting at once insert distinct keys, which ZODB's BTree
conflict resolution merges. A GET that logs a read marks its request with
IDisableCSRFProtection: the only write it makes is the log entry.
"""

from comune.istanze.persistence import stored
from BTrees.OOBTree import OOBTree
from datetime import datetime
from plone import api
from plone.protect.interfaces import IDisableCSRFProtection
from zope.interface import alsoProvides

import csv
import io
import secrets
import time


def _log(type_obj, create=True):
    return stored(type_obj, "_audit", OOBTree if create else None)


def record(app, action, detail="", request=None):
    """Append (who, when, what) for ``app`` to its type's audit log."""
    type_obj = app.application_type()
    log = _log(type_obj)
    entry = {
        "when": datetime.now(),
        "who": api.user.get_current().getId(),
        "number": app.number or app.getId(),
        "uid": app.UID(),
        "action": action,
        "detail": detail,
    }
    key = f"{time.time():017.6f}-{secrets.token_hex(3)}"
    log[key] = entry
    if request is not None and request.get("REQUEST_METHOD", "GET") == "GET":
        alsoProvides(request, IDisableCSRFProtection)
    return entry


def record_type(type_obj, action, detail=""):
    """Append (who, when, what) about the type itself (no application),
    e.g. a grant of an office role on its Sharing page."""
    entry = {
        "when": datetime.now(), "who": api.user.get_current().getId(), "number": "—",
        "uid": None, "action": action, "detail": detail,
    }
    _log(type_obj)[f"{time.time():017.6f}-{secrets.token_hex(3)}"] = entry
    return entry


def record_staff_read(app, action, detail="", request=None):
    """:func:`record` a read by anyone but the applicant (staff, managers):
    the citizen reading their own application is not an access to log."""
    if api.user.get_current().getId() == app.applicant_id:
        return None
    return record(app, action, detail, request=request)


def entries(type_obj, uid=None):
    log = _log(type_obj, create=False)
    if not log:
        return []
    return [e for e in log.values() if uid is None or e["uid"] == uid]


def to_csv(type_obj):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["quando", "chi", "istanza", "azione", "dettaglio"])
    for e in entries(type_obj):
        writer.writerow([e["when"].isoformat(timespec="seconds"), e["who"], e["number"],
                         e["action"], e["detail"]])
    return out.getvalue()


def record_export(type_obj):
    """Exports are audited too (on the type, not on one application)."""
    log = _log(type_obj)
    log[f"{time.time():017.6f}-{secrets.token_hex(3)}"] = {
        "when": datetime.now(), "who": api.user.get_current().getId(), "number": "—",
        "uid": None, "action": "export", "detail": "registro degli accessi",
    }

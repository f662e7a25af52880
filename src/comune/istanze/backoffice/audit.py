"""Audit log of staff work: every read of an application and every action.

Entries live in a BTree on the application *type* (the Responsabile reads
and exports the whole log of the type), keyed by time plus a random suffix:
two staff members acting at once insert distinct keys, which ZODB's BTree
conflict resolution merges. A GET that logs a read marks its request with
IDisableCSRFProtection: the only write it makes is the log entry.
"""

from comune.istanze.exports.cells import csv_text
from comune.istanze.persistence import stored
from BTrees.OOBTree import OOBTree
from datetime import datetime
from plone import api
from plone.protect.interfaces import IDisableCSRFProtection
from zope.interface import alsoProvides

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
    """The log as CSV; details quote staff notes, so cells go through ``csv_text``."""
    return csv_text(["quando", "chi", "istanza", "azione", "dettaglio"],
                    ([e["when"].isoformat(timespec="seconds"), e["who"], e["number"],
                      e["action"], e["detail"]] for e in entries(type_obj)))


def record_export(type_obj):
    """Exports are audited too (on the type, not on one application)."""
    log = _log(type_obj)
    log[f"{time.time():017.6f}-{secrets.token_hex(3)}"] = {
        "when": datetime.now(), "who": api.user.get_current().getId(), "number": "—",
        "uid": None, "action": "export", "detail": "registro degli accessi",
    }

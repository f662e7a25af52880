"""Audit log of staff work: every read of an application and every action.

Entries live in an :class:`AuditLog` on the application *type* (the
Responsabile reads and exports the whole log of the type). The log is
append-only by construction: it offers ``append`` and reading, nothing else;
its keys are made by the log itself (time plus a random suffix, so two staff
members acting at once insert distinct keys, which ZODB's BTree conflict
resolution merges) and readers get copies of the entries. It is stored under
a private attribute, out of reach of traversal and through-the-web code, and
no view or service of the product writes to it except through :func:`record`.
A type whose log has entries cannot be deleted (:func:`keep_log`), which
would remove the log with it.

A GET that logs a read marks its request with IDisableCSRFProtection: the
only write it makes is the log entry.
"""

from comune.istanze.exports.cells import csv_text
from BTrees.OOBTree import OOBTree
from comune.istanze.persistence import stored
from datetime import datetime
from persistent import Persistent
from plone import api
from plone.base.interfaces import IPloneSiteRoot
from plone.protect.interfaces import IDisableCSRFProtection
from zExceptions import Forbidden
from zope.interface import alsoProvides

import secrets
import time


FIELDS = ("when", "who", "number", "uid", "action", "detail")


class AuditLog(Persistent):
    """Entries in time order; they can be added and read, never changed."""

    def __init__(self):
        self._entries = OOBTree()

    def append(self, entry):
        """Store a copy of ``entry`` (only :data:`FIELDS`) under a new key."""
        entry = {name: entry.get(name) for name in FIELDS}
        key = f"{time.time():017.6f}-{secrets.token_hex(4)}"
        while key in self._entries:
            key = f"{time.time():017.6f}-{secrets.token_hex(4)}"
        self._entries[key] = entry
        return dict(entry)

    def __iter__(self):
        return (dict(entry) for entry in self._entries.values())

    def __len__(self):
        return len(self._entries)


def adopt(old):
    """An :class:`AuditLog` holding the entries of a log stored as a plain
    OOBTree (before 1002), keys and order kept."""
    log = AuditLog()
    for key, entry in old.items():
        log._entries[key] = {name: entry.get(name) for name in FIELDS}
    return log


def _log(type_obj, create=True):
    log = stored(type_obj, "_audit", AuditLog if create else None)
    if log is not None and not isinstance(log, AuditLog):
        if not create:
            return list(log.values())  # an old log, read as it is
        log = adopt(log)
        type_obj._audit = log
    return log


def _current_user_id():
    return api.user.get_current().getId()


def _append(type_obj, number, uid, action, detail, request=None):
    entry = _log(type_obj).append({
        "when": datetime.now(), "who": _current_user_id(), "number": number, "uid": uid,
        "action": action, "detail": detail,
    })
    if request is not None and request.get("REQUEST_METHOD", "GET") == "GET":
        alsoProvides(request, IDisableCSRFProtection)
    return entry


def record(app, action, detail="", request=None):
    """Append (who, when, what) for ``app`` to its type's audit log."""
    return _append(app.application_type(), app.number or app.getId(), app.UID(), action, detail,
                   request=request)


def record_staff_read(app, action, detail="", request=None):
    """:func:`record` a read by anyone but the applicant (staff, managers):
    the citizen reading their own application is not an access to log."""
    if _current_user_id() == app.applicant_id:
        return None
    return record(app, action, detail, request=request)


def record_type(type_obj, action, detail="", request=None):
    """An entry about the type itself (an export of its log, a role grant)."""
    return _append(type_obj, "—", None, action, detail, request=request)


def entries(type_obj, uid=None):
    log = _log(type_obj, create=False)
    if not log:
        return []
    return [dict(e) for e in log if uid is None or e["uid"] == uid]


def to_csv(type_obj):
    """The log as CSV; details quote staff notes, so cells go through ``csv_text``."""
    return csv_text(["quando", "chi", "istanza", "azione", "dettaglio"],
                    ([e["when"].isoformat(timespec="seconds"), e["who"], e["number"],
                      e["action"], e["detail"]] for e in entries(type_obj)))


def record_export(type_obj, request=None):
    """Exports are audited too (on the type, not on one application)."""
    return record_type(type_obj, "export", "registro degli accessi", request=request)


def keep_log(type_obj, event):
    """Refuse to delete an application type whose audit log has entries, or
    a folder holding one (moving or renaming keeps the log; deleting the
    whole site is not refused here)."""
    if event.newParent is not None or IPloneSiteRoot.providedBy(event.object):
        return
    if _log(type_obj, create=False):
        raise Forbidden("La tipologia ha un registro degli accessi e non può essere eliminata: "
                        "ritirala dalla pubblicazione.")

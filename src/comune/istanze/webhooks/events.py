"""The catalogue of the events sent to back-end systems, as CloudEvents 1.0.

Each event is a structured-mode CloudEvent (JSON, ``specversion`` 1.0):

* ``type`` ``it.comune.istanze.<name>``, one of :data:`KINDS`;
* ``id``: a UUID derived from (application, event name, change), so the
  same change always gets the same id (a retry, a replay, or the same
  product event fired twice) and two changes never share one; receivers
  deduplicate on it;
* ``source``: the URL of the application type; ``subject``: the
  application's UID; ``time``: when the change happened (UTC);
* ``data`` (``application/json``): what a back-end system needs to find and
  route the application, and no more. Always ``number``, ``type_id``,
  ``type_title``, ``state``, ``url`` (the application on the REST API);
  then per event: ``protocol_number``/``protocol_date`` (registered),
  ``outcome`` (decided), ``payment_id``/``amount_cents``/``iuv``/
  ``paid_at`` (paid), ``deadline`` (integration_requested).
  Never the applicant's name, fiscal code, email or form answers, never
  attachments: a system that needs them reads the application through the
  REST API with its own account, which the audit log records.
"""

from comune.istanze import _
from datetime import datetime
from datetime import timezone

import uuid


KINDS = {
    "submitted": _("Istanza presentata"),
    "registered": _("Istanza protocollata"),
    "integration_requested": _("Integrazione richiesta"),
    "integration_sent": _("Integrazione inviata"),
    "decided": _("Istanza decisa"),
    "paid": _("Pagamento eseguito"),
    "withdrawn": _("Istanza ritirata"),
}
TYPE_PREFIX = "it.comune.istanze."
NAMESPACE = uuid.UUID("6d1b7a52-1f0c-4c55-9a57-2f6a1c0de716")

# kinds of workflow transitions that are events (the others are internal to the office)
TRANSITIONS = {
    "request_integration": "integration_requested",
    "reply_integration": "integration_sent",
    "accept": "decided",
    "reject": "decided",
    "withdraw": "withdrawn",
}


def event_id(app_uid, kind, change):
    """The stable id of the change ``change`` (a string) of kind ``kind``."""
    return str(uuid.uuid5(NAMESPACE, f"{app_uid}|{kind}|{change}"))


def utc_iso(when):
    """RFC 3339 UTC text of a datetime (naive ones are local time)."""
    if when.tzinfo is None:
        when = when.astimezone()
    return when.astimezone(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def url_of(obj, base):
    """``obj``'s URL under the site URL ``base`` (the worker has no request)."""
    from plone import api

    site_path = len(api.portal.get().getPhysicalPath())
    return "/".join((base.rstrip("/"),) + obj.getPhysicalPath()[site_path:])


def cloudevent(app, kind, change, when, base, extra=None):
    """The CloudEvent (a dict) of ``kind`` for ``app``; ``base`` is the site URL."""
    from plone import api

    type_obj = app.application_type()
    data = {
        "number": app.number,
        "type_id": type_obj.getId(),
        "type_title": type_obj.title,
        "state": api.content.get_state(app),
        "url": url_of(app, base),
    }
    data.update(extra or {})
    return {
        "specversion": "1.0",
        "id": event_id(app.UID(), kind, change),
        "source": url_of(type_obj, base),
        "type": TYPE_PREFIX + kind,
        "subject": app.UID(),
        "time": utc_iso(when or datetime.now(timezone.utc)),
        "datacontenttype": "application/json",
        "data": data,
    }

"""Where a registration is kept: on the application (or outgoing document)."""

from Acquisition import aq_base
from datetime import datetime


def store_registration(obj, registration, primary_doc_id=None):
    """Store identifier and segnatura on ``obj`` (an application or document)."""
    obj.protocol_number = registration.number
    obj.protocol_date = datetime.combine(registration.date, registration.time)
    obj.protocol_register = registration.register
    obj.protocol_identifier = registration.as_dict()
    obj.protocol_segnatura = registration.segnatura
    obj.protocol_primary_doc = primary_doc_id


def registration_of(obj):
    """dict(number, date, register, identifier) or None when not registered."""
    base = aq_base(obj)
    number = getattr(base, "protocol_number", None)
    if not number:
        return None
    when = base.protocol_date
    return {
        "number": number,
        "date": when.strftime("%d/%m/%Y %H:%M"),
        "datetime": when,
        "register": base.protocol_register,
        "identifier": dict(getattr(base, "protocol_identifier", None) or {}),
        "primary_doc": getattr(base, "protocol_primary_doc", None),
        # set when the registration was annulled (AgID annulment, agid/annul.py)
        "annulled": dict(getattr(base, "protocol_annulled", None) or {}) or None,
    }


def segnatura_of(obj):
    return getattr(aq_base(obj), "protocol_segnatura", None)

"""The office's payments (``@@pagamenti``, ``@pagamenti``), from the catalog.

Applications with payments carry the ``payment_states`` index and the
``payments_summary`` metadata (see ``integrations/pagopa/summary.py``): the
listing, its totals and its export read those and never wake an
application. Filters: type, state, date range (day of the latest payment or
publication), text (application number, codice fiscale, notice number).
"""

from comune.istanze import _
from comune.istanze.backoffice import audit
from comune.istanze.backoffice import inbox
from comune.istanze.exports.cells import csv_text
from comune.istanze.exports.cells import xlsx_bytes
from comune.istanze.integrations.pagopa import storage
from comune.istanze.integrations.pagopa.summary import MISMATCH
from comune.istanze.interfaces import IApplicationType
from datetime import date
from decimal import Decimal
from plone import api


FILTER_KEYS = ("type", "state", "from", "to", "text")
STATES = {
    "due": (_("Da pagare"), (storage.PUBLISHED,)),
    "paid": (_("Pagati"), (storage.PAID,)),
    "reported": (_("Rendicontati"), (storage.REPORTED,)),
    "expired": (_("Scaduti"), (storage.EXPIRED,)),
    "invalid": (_("Annullati"), (storage.INVALID,)),
    "mismatch": (_("Con anomalie"), (MISMATCH,)),
}
ALL_STATES = [s for _t, states in STATES.values() for s in states]


def _day(value):
    if not value:
        return ""
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise inbox.FilterError(_("Data non valida: «${value}» (usa il formato AAAA-MM-GG).",
                                  mapping={"value": value})) from None


def _matches(brain, filters):
    summary = brain.payments_summary or {}
    start, end = _day(filters.get("from")), _day(filters.get("to"))
    day = summary.get("last_day") or ""
    if (start and day < start) or (end and day > end):
        return False
    text = (filters.get("text") or "").strip().upper()
    if text:
        haystack = [brain.application_number or "", (brain.applicant_id or "").upper(),
                    *summary.get("notice_numbers", ())]
        return any(text in value.upper() for value in haystack)
    return True


def search(filters, context=None):
    """Brains of the applications with payments the user may work."""
    codes = list(inbox.workable_types(context))
    if not codes:
        return []
    wanted = filters.get("type")
    if wanted:
        if wanted not in codes:
            raise inbox.FilterError(_("Tipologia non disponibile: ${code}.",
                                      mapping={"code": wanted}))
        codes = [wanted]
    state = filters.get("state")
    if state and state not in STATES:
        raise inbox.FilterError(_("Stato non valido: ${state}.", mapping={"state": state}))
    states = list(STATES[state][1]) if state else ALL_STATES
    for key in ("from", "to"):
        _day(filters.get(key))  # refused before the query
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog(application_type=codes, payment_states={"query": states, "operator": "or"},
                     sort_on="application_number", sort_order="descending")
    return [b for b in brains if _matches(b, filters)]


def totals(brains):
    """Counts and cents by state over ``brains`` (payments, not applications)."""
    result = {key: {"count": 0, "amount": 0} for key in STATES}
    for brain in brains:
        summary = brain.payments_summary or {}
        for key, (_title, states) in STATES.items():
            for state in states:
                result[key]["count"] += summary.get("states", {}).get(state, 0)
                result[key]["amount"] += summary.get("amounts", {}).get(state, 0)
        result["mismatch"]["count"] += summary.get("mismatched", 0)
    return result


def row(brain):
    summary = brain.payments_summary or {}
    return {
        "url": brain.getURL(), "number": brain.application_number,
        "type": brain.application_type, "applicant": brain.applicant_name,
        "applicant_id": brain.applicant_id, "payments": summary.get("count", 0),
        "states": summary.get("states", {}), "due": summary.get("due", 0),
        "paid": summary.get("paid", 0), "mismatched": summary.get("mismatched", 0),
        "notice_numbers": list(summary.get("notice_numbers", ())),
        "last_day": summary.get("last_day") or "",
    }


def euro(cents):
    return (Decimal(cents) / 100).quantize(Decimal("0.01"))


HEADER = ["Numero", "Tipologia", "Richiedente", "Codice fiscale", "Pagamenti",
          "Da pagare (euro)", "Pagato (euro)", "Con anomalie", "Numeri avviso", "Ultimo giorno"]


def table(brains):
    rows = []
    for brain in brains:
        r = row(brain)
        rows.append([r["number"], r["type"], r["applicant"], r["applicant_id"], r["payments"],
                     euro(r["due"]), euro(r["paid"]), r["mismatched"],
                     " ".join(r["notice_numbers"]), r["last_day"]])
    return HEADER, rows


def audit_export(brains, fmt, request=None):
    """One entry per exported type (the export never wakes an application)."""
    per_type = {}
    for brain in brains:
        per_type[brain.application_type] = per_type.get(brain.application_type, 0) + 1
    catalog = api.portal.get_tool("portal_catalog")
    for type_brain in catalog.unrestrictedSearchResults(
            object_provides=IApplicationType.__identifier__):
        type_obj = type_brain._unrestrictedGetObject()
        if type_obj.code in per_type:
            audit.record_type(type_obj, "export",
                              f"pagamenti {fmt} ({per_type[type_obj.code]} istanze)",
                              request=request)


def to_csv(brains, request=None):
    audit_export(brains, "csv", request)
    header, rows = table(brains)
    return csv_text(header, rows, delimiter=";").encode("utf-8-sig")


def to_xlsx(brains, request=None):
    audit_export(brains, "xlsx", request)
    header, rows = table(brains)
    return xlsx_bytes(header, rows, title="Pagamenti")

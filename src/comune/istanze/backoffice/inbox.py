"""The staff inbox: applications to work, from catalog metadata only.

One query builder serves the HTML inbox, the REST endpoint, the exports and
the mass communications ("select with the inbox filters"). Results are
catalog brains: listing never wakes an application object.
"""

from comune.istanze import _
from comune.istanze.interfaces import IApplicationType
from comune.istanze.representation.codes import clean as clean_code
from comune.istanze.representation.codes import is_numeric_code
from comune.istanze.representation.codes import is_personal_code
from comune.istanze.workflow.custom import office_states
from DateTime import DateTime
from datetime import date
from datetime import datetime
from plone import api
from Products.CMFCore.permissions import View

import re


WORK_PERMISSION = "comune.istanze: Work applications"
STAFF_STATES = (
    "submitted", "in_review", "integration_requested", "accepted", "rejected",
    "withdrawn", "closed",
)
OPEN_STATES = ("submitted", "in_review", "integration_requested")
# Open means "not one of these": a type's own office states ("sopralluogo") are open.
CLOSED_STATES = ("draft", "accepted", "rejected", "withdrawn", "closed")
SORTS = {
    "submitted": "application_submitted",
    "number": "application_number",
    "state": "review_state",
    "assignee": "assignee",
    "due": "due_date",
}
PAGE_SIZE = 50
NUMBER_RE = re.compile(r"^\d{4}-[A-Za-z][A-Za-z0-9]{1,9}-\d{6}$")


class FilterError(ValueError):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def workable_types(context=None):
    """{code: type title} of the application types the user may work."""
    catalog = api.portal.get_tool("portal_catalog")
    result = {}
    query = {"object_provides": IApplicationType.__identifier__}
    if context is not None and IApplicationType.providedBy(context):
        query["path"] = {"query": "/".join(context.getPhysicalPath()), "depth": 0}
    for brain in catalog.unrestrictedSearchResults(**query):
        obj = brain._unrestrictedGetObject()
        if obj.published_type and api.user.has_permission(WORK_PERMISSION, obj=obj):
            result[obj.code] = obj.title
    return result


def _parse_date(value, end=False):
    if not value:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise FilterError(
            _("Data non valida: «${value}» (usa il formato AAAA-MM-GG).", mapping={"value": value})
        )
    moment = datetime(day.year, day.month, day.day, 23, 59, 59) if end else datetime(
        day.year, day.month, day.day
    )
    return DateTime(moment)


def build_query(filters, codes):
    """Catalog query from the inbox ``filters`` (a dict of strings)."""
    if not codes:
        return None
    wanted = filters.get("type")
    if wanted:
        if wanted not in codes:
            raise FilterError(_("Tipologia non disponibile: ${code}.", mapping={"code": wanted}))
        codes = [wanted]
    query = {"application_type": list(codes), "review_state": {"not": "draft"}}
    state = filters.get("state")
    if state == "open":
        query["review_state"] = {"not": list(CLOSED_STATES)}
    elif state:
        if state not in STAFF_STATES and state not in office_states(codes):
            raise FilterError(_("Stato non valido: ${state}.", mapping={"state": state}))
        query["review_state"] = state
    start, end = _parse_date(filters.get("from")), _parse_date(filters.get("to"), end=True)
    if start and end:
        if end < start:
            raise FilterError(_("La data finale precede quella iniziale."))
        query["application_submitted"] = {"query": (start, end), "range": "min:max"}
    elif start:
        query["application_submitted"] = {"query": start, "range": "min"}
    elif end:
        query["application_submitted"] = {"query": end, "range": "max"}
    assignee = filters.get("assignee")
    if assignee:
        query["assignee"] = assignee
    represented = clean_code(filters.get("represented"))
    if represented:  # who acts for whom: the company's or client's code
        if not (is_numeric_code(represented) or is_personal_code(represented)):
            raise FilterError(_("Codice dell'impresa o del cliente non valido: ${code}.",
                                mapping={"code": represented}))
        query["represented_code"] = represented
    text = (filters.get("text") or "").strip()
    if text:
        if NUMBER_RE.match(text):
            query["application_number"] = text.upper()
        else:
            words = [w for w in re.split(r"[^\w]+", text.lower()) if w]
            if words:
                query["applicant_words"] = {"query": words, "operator": "and"}
    sort = filters.get("sort") or "submitted"
    if sort not in SORTS:
        raise FilterError(_("Ordinamento non valido: ${sort}.", mapping={"sort": sort}))
    query["sort_on"] = SORTS[sort]
    query["sort_order"] = "ascending" if filters.get("order") == "asc" else "descending"
    return query


def search(filters, context=None, limit=None):
    """Brains for ``filters``; empty when the user may work no type."""
    query = build_query(filters, list(workable_types(context)))
    if query is None:
        return []
    if limit:
        query["sort_limit"] = limit
    catalog = api.portal.get_tool("portal_catalog")
    return catalog(**query)


def state_counts(filters, context=None):
    """[(state, count)] for the filters without their state: how many
    applications each state holds (catalog counts, no object woken)."""
    query = build_query(dict(filters, state="", sort=""), list(workable_types(context)))
    if query is None:
        return []
    for key in ("sort_on", "sort_order"):
        query.pop(key, None)
    catalog = api.portal.get_tool("portal_catalog")
    states = list(STAFF_STATES) + list(office_states(query["application_type"]))
    return [(state, len(catalog(**dict(query, review_state=state)))) for state in states]


def days_open(brain, today=None):
    submitted = brain.application_submitted
    if not submitted:
        return None
    if isinstance(submitted, DateTime):
        submitted = submitted.asdatetime().replace(tzinfo=None)
    today = today or datetime.now()
    return (today - submitted).days


def channel_note(brain):
    from comune.istanze.frontdesk.drafts import channel_note as note

    return note(brain)


def channel_of(brain):
    from comune.istanze.frontdesk import channel_of as channel

    return channel(brain)


def row(brain, today=None):
    """A listing row from catalog metadata only."""
    due = brain.due_date
    if isinstance(due, DateTime):
        due = due.asdatetime().replace(tzinfo=None)
    today = today or datetime.now()
    return {
        "url": brain.getURL(),
        "number": brain.application_number,
        "title": brain.application_title or brain.Title,
        "type": brain.application_type,
        "applicant": brain.applicant_name,
        "applicant_id": brain.applicant_id,
        "acting_for": brain.acting_for,
        "anpr_unverified": getattr(brain, "anpr_status", None) in ("non_verificata", "esito_negativo"),
        "channel": channel_of(brain),
        "channel_note": channel_note(brain),
        "submitted": brain.application_submitted,
        "state": brain.review_state,
        "assignee": brain.assignee,
        "days_open": days_open(brain, today),
        "overdue": bool(due and brain.review_state not in CLOSED_STATES and today > due),
        "due": due,
    }


def check_can_view(obj):
    return api.user.has_permission(View, obj=obj)

"""What the personal area shows, as plain dicts (HTML views and REST share it)."""

from comune.istanze import _
from comune.istanze.channels.display import delivery_rows
from comune.istanze.documents.attachments import attachments_of
from comune.istanze.documents.store import documents_of
from comune.istanze.identity import current_identity
from comune.istanze.interfaces import IApplication
from comune.istanze.messages.store import messages_of
from comune.istanze.workflow.states import STATE_TITLES
from comune.istanze.personal_area.interfaces import IPaymentAction
from plone import api
from zope.component import getAdapters
from zExceptions import Unauthorized


# The road of an application, drawn as a timeline; the last step is the outcome.
ROAD = ("draft", "submitted", "in_review", "outcome")
OUTCOMES = ("accepted", "rejected", "withdrawn", "closed")
STEP_OF = {"integration_requested": "in_review", **{s: "outcome" for s in OUTCOMES}}


def personal_headers(response):
    """Personal pages are never stored by shared caches nor indexed."""
    response.setHeader("Cache-Control", "private, no-store")
    response.setHeader("X-Robots-Tag", "noindex, nofollow")


def me():
    """The logged-in member's identity, or Unauthorized (login) for visitors."""
    identity = current_identity()
    if identity is None:
        raise Unauthorized("area-personale")
    return identity


def my_brains(user_id):
    """My applications, newest first, from the catalog (no object is woken).

    The catalog query is restricted: only applications the member may view
    *and* whose applicant is the member (never those where they are only the
    beneficiary).
    """
    brains = api.portal.get_tool("portal_catalog")(
        object_provides=IApplication.__identifier__, applicant_id=user_id
    )
    return sorted(brains, key=lambda b: b.created, reverse=True)


def fmt(value, pattern="%d/%m/%Y"):
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return value.strftime(pattern)
    return value.asdatetime().strftime(pattern)  # DateTime


def iso(value):
    if value is None:
        return None
    return value.isoformat() if hasattr(value, "isoformat") else value.ISO8601()


def timeline(state):
    """Steps of the road with ``done``/``current`` flags."""
    here = STEP_OF.get(state, state)
    steps, passed = [], True
    for step in ROAD:
        current = step == here
        title = STATE_TITLES.get(state) if current and step == "outcome" else None
        steps.append({
            "id": step,
            "title": title or (_("Esito") if step == "outcome" else STATE_TITLES[step]),
            "done": passed and not current,
            "current": current,
        })
        if current:
            passed = False
    return steps


def integration_request(app):
    """The latest integration request of ``app`` (a message), or None."""
    requests = [m for m in messages_of(app, "out") if m.kind == "integration_request"]
    return requests[-1] if requests else None


def next_action(brain):
    """The next thing to do on an application (dict) or None."""
    url, state = brain.getURL(), brain.review_state
    payment = payment_action(brain)  # a payment to make comes first
    if payment is not None:
        return payment
    if state == "draft":
        return {"kind": "complete", "title": _("Completa la bozza"), "url": url + "/@@compila"}
    if state == "integration_requested":
        request = integration_request(brain.getObject())
        deadline = request.deadline if request is not None else None
        return {"kind": "integration", "title": _("Invia l'integrazione"),
                "url": url + "/@@integrazione", "deadline": iso(deadline),
                "deadline_text": fmt(deadline, "%d/%m/%Y %H:%M")}
    if state in ("accepted", "rejected", "closed") and brain.application_rating is None:
        return {"kind": "rate", "title": _("Valuta il servizio"), "url": url + "/@@valuta-servizio",
                "service": url + "/@valutazione"}
    return None


def payment_action(brain):
    """Hook for payments (fees/listing.py): see :class:`.interfaces.IPaymentAction`."""
    for _name, offer in getAdapters((brain,), IPaymentAction):
        action = offer()
        if action:
            return action
    return None


def application_row(brain, state_title):
    return {
        "@id": brain.getURL(),
        "id": brain.getId,
        "title": brain.application_title or brain.Title,
        "number": brain.application_number,
        "type": brain.application_type,
        "beneficiary_name": brain.beneficiary_name,
        "acting_for": brain.acting_for,
        "review_state": brain.review_state,
        "review_state_title": state_title,
        "created": iso(brain.created),
        "created_text": fmt(brain.created),
        "submitted": iso(brain.application_submitted),
        "submitted_text": fmt(brain.application_submitted),
        "modified": iso(brain.modified),
        "modified_text": fmt(brain.modified),
        "timeline": timeline(brain.review_state),
        "next_action": next_action(brain),
    }


def my_applications(brains):
    """Each of my applications (a dict); the caller translates titles."""
    return [application_row(b, STATE_TITLES.get(b.review_state, b.review_state)) for b in brains]


def message_row(app, msg):
    base = app.absolute_url()
    return {
        "id": msg.id,
        "application": base,
        "application_number": app.number,
        "kind": msg.kind,
        "direction": msg.direction,
        "subject": msg.subject,
        "body": msg.body,
        "created": iso(msg.created),
        "created_text": fmt(msg.created, "%d/%m/%Y %H:%M"),
        "deadline": iso(msg.deadline),
        "late": msg.late,
        "read": iso(msg.read),
        "unread": msg.direction == "out" and msg.unread,
        "url": f"{base}/@@messaggio/{msg.id}",
        "mark_read": f"{base}/@messaggi/{msg.id}/letto",
        "documents": [f"{base}/@@documento/{d}" for d in msg.documents],
        # the channels it left by, and what happened on each (say only that)
        "deliveries": delivery_rows(msg) if msg.direction == "out" else [],
    }


def my_messages(brains):
    """Messages of my applications, newest first."""
    rows = []
    for brain in brains:
        app = brain.getObject()
        rows.extend(message_row(app, m) for m in messages_of(app))
    return sorted(rows, key=lambda r: r["created"], reverse=True)


def my_documents(brains):
    """Documents the citizen may see, then the attachments they uploaded."""
    rows = []
    for brain in brains:
        app = brain.getObject()
        base = app.absolute_url()
        for doc in documents_of(app):
            if doc.visible_to_citizen:
                rows.append({"id": doc.id, "kind": doc.kind, "title": doc.title,
                             "filename": doc.filename, "content_type": doc.content_type,
                             "size": doc.size, "sha256": doc.sha256, "created": iso(doc.created),
                             "created_text": fmt(doc.created), "application": base,
                             "application_number": app.number,
                             "download": f"{base}/@@documento/{doc.id}"})
        for att in attachments_of(app):
            rows.append({"id": att.id, "kind": "attachment", "title": att.spec,
                         "filename": att.filename, "content_type": att.mime,
                         "size": att.size, "sha256": att.sha256, "created": iso(att.uploaded),
                         "created_text": fmt(att.uploaded), "application": base,
                         "application_number": app.number,
                         "download": f"{base}/@@allegato/{att.id}"})
    return rows

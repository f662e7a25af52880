"""One satisfaction rating per application: 1..5 and an optional comment.

Rules (the same for the snippet form, the personal area and plone.restapi):

- only on types with the satisfaction survey enabled (``survey_enabled``);
- only after submission, only by the applicant;
- never required; changeable for ``rating_change_days`` days (registry,
  default 30) from the first rating, then read-only.

The rating is stored on the application itself (never on a shared object);
:class:`ApplicationRatedEvent` carries the old and new score so that the
statistics adjust their counters incrementally.
"""

from Acquisition import aq_base
from comune.istanze import _
from comune.istanze.identity import current_identity
from comune.istanze.interfaces import IApplication
from comune.istanze.workflow.errors import ApplicationError
from comune.istanze.workflow.errors import NotAllowed
from datetime import datetime
from datetime import timedelta
from plone import api
from plone.indexer import indexer
from zope.event import notify
from zope.interface import Attribute
from zope.interface import implementer
from zope.interface.interfaces import IObjectEvent
from zope.interface.interfaces import ObjectEvent


MIN_SCORE, MAX_SCORE = 1, 5
MAX_COMMENT = 2000
DEFAULT_CHANGE_DAYS = 30


class IApplicationRatedEvent(IObjectEvent):
    old_score = Attribute("Previous score or None")
    new_score = Attribute("New score")


@implementer(IApplicationRatedEvent)
class ApplicationRatedEvent(ObjectEvent):
    def __init__(self, obj, old_score, new_score):
        super().__init__(obj)
        self.old_score = old_score
        self.new_score = new_score


def change_days():
    return api.portal.get_registry_record(
        "comune.istanze.statistics.rating_change_days", default=DEFAULT_CHANGE_DAYS
    )


def rating_of(app):
    """``dict`` with score, comment, first/last date, or None."""
    base = aq_base(app)
    score = getattr(base, "rating", None)
    if score is None:
        return None
    return {
        "score": score,
        "comment": getattr(base, "rating_comment", "") or "",
        "rated": getattr(base, "rating_date", None),
        "modified": getattr(base, "rating_modified", None),
    }


def changeable_until(app):
    current = rating_of(app)
    if current is None or current["rated"] is None:
        return None
    return current["rated"] + timedelta(days=change_days())


def refusal(app, user_id, now=None):
    """Why ``user_id`` may not rate ``app`` now (i18n message), or None."""
    now = now or datetime.now()
    type_obj = app.application_type()
    if not getattr(type_obj, "survey_enabled", False):
        return _("Per questo servizio non è previsto il questionario di gradimento.")
    if app.submitted is None:
        return _("Potrai valutare il servizio dopo aver inviato l'istanza.")
    if not user_id or user_id != app.applicant_id:
        return _("Solo chi ha presentato l'istanza può valutare il servizio.")
    until = changeable_until(app)
    if until is not None and now > until:
        return _(
            "La valutazione si poteva modificare fino al ${date}: ora non è più modificabile.",
            mapping={"date": until.strftime("%d/%m/%Y")},
        )
    return None


def parse_score(value):
    try:
        score = int(str(value).strip())
    except (TypeError, ValueError):
        score = None
    if score is None or not MIN_SCORE <= score <= MAX_SCORE:
        raise ApplicationError(_("Scegli un punteggio da 1 a 5."), field="score")
    return score


def rate(app, score, comment="", user_id=None, now=None):
    """Store (or change) the applicant's rating; everything checked first."""
    now = now or datetime.now()
    if user_id is None:
        identity = current_identity()
        user_id = identity.user_id if identity is not None else None
    reason = refusal(app, user_id, now)
    if reason is not None:
        raise NotAllowed(reason)
    score = parse_score(score)
    comment = (comment or "").strip()
    if len(comment) > MAX_COMMENT:
        raise ApplicationError(
            _("Il commento può avere al massimo ${max} caratteri.", mapping={"max": MAX_COMMENT}),
            field="comment",
        )
    previous = rating_of(app)
    old = previous["score"] if previous else None
    app.rating = score
    app.rating_comment = comment
    if previous is None:
        app.rating_date = now
    app.rating_modified = now
    app.reindexObject(idxs=["application_rating"])
    notify(ApplicationRatedEvent(app, old, score))
    return rating_of(app)


@indexer(IApplication)
def application_rating(obj):
    return getattr(aq_base(obj), "rating", None)

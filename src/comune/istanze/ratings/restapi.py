"""``@valutazione`` on an application: GET the rating, POST/PATCH to set it.

Body: ``{"score": 1..5, "comment": "..."}``. Errors answer 400/403 with the
Italian message.
"""

from comune.istanze.ratings import rating
from comune.istanze.identity import current_identity
from comune.istanze.restapi.errors import read_body
from comune.istanze.workflow.errors import ApplicationError
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.services import Service
from zope.i18n import translate
from zope.interface import alsoProvides


def _serialize(app, user_id):
    current = rating.rating_of(app)
    until = rating.changeable_until(app)
    refusal = rating.refusal(app, user_id)
    return {
        "@id": app.absolute_url() + "/@valutazione",
        "score": current["score"] if current else None,
        "comment": current["comment"] if current else None,
        "rated": current["rated"].isoformat() if current and current["rated"] else None,
        "changeable_until": until.isoformat() if until else None,
        "can_rate": refusal is None,
    }


class RatingGet(Service):
    def reply(self):
        identity = current_identity()
        user_id = identity.user_id if identity else None
        if user_id != self.context.applicant_id:
            self.request.response.setStatus(403)
            return {"error": {"type": "Forbidden", "message": "Non autorizzato."}}
        return _serialize(self.context, user_id)


class RatingPost(Service):
    def reply(self):
        alsoProvides(self.request, IDisableCSRFProtection)
        identity = current_identity()
        user_id = identity.user_id if identity else None
        try:
            data = read_body(self.request)
            rating.rate(self.context, data.get("score"), data.get("comment", ""), user_id)
        except ApplicationError as exc:
            self.request.response.setStatus(exc.status)
            return {"error": {"type": "BadRequest", "field": exc.field,
                              "message": translate(exc.message, context=self.request)}}
        return _serialize(self.context, user_id)

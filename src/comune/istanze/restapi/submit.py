"""``POST <draft-url>/@istanze-invia``: submit a draft.

The same checks as the web form (both go through
:func:`comune.istanze.workflow.submission.submit`); plone.restapi's
``@workflow/submit`` is refused to the applicant (the ``submit`` rule). A
refusal answers with its status and an Italian message; when answers or
attachments are missing, ``errors`` lists every one of them, not only the
first.
"""

from comune.istanze.restapi.errors import refuse
from comune.istanze.restapi.errors import REFUSALS
from comune.istanze.workflow.errors import ApplicationError
from comune.istanze.workflow.submission import missing_answers
from comune.istanze.workflow.submission import missing_attachments
from comune.istanze.workflow.submission import submit
from plone import api
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.services import Service
from zope.interface import alsoProvides


def submit_checked(app):
    """Submit ``app``; an incomplete draft's refusal lists all problems."""
    try:
        submit(app)
    except ApplicationError as exc:
        if exc.field and not getattr(exc, "errors", None):
            exc.errors = missing_answers(app) + missing_attachments(app)
        raise
    return app


def summary(app) -> dict:
    """What a client needs after creating or submitting an application."""
    return {
        "@id": app.absolute_url(),
        "id": app.getId(),
        "number": app.number,
        "review_state": api.content.get_state(app),
        "form_version": app.form_version,
    }


class SubmitApplication(Service):
    """Submit this draft."""

    def reply(self) -> dict:
        alsoProvides(self.request, IDisableCSRFProtection)
        try:
            submit_checked(self.context)
        except REFUSALS as exc:
            return refuse(self, exc)
        return summary(self.context)

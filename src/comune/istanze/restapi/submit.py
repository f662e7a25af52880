"""``POST <draft-url>/@istanze-invia``: submit a draft.

The same checks as the web form (both go through
:func:`comune.istanze.workflow.submission.submit`); plone.restapi's
``@workflow/submit`` is refused to the applicant (the ``submit`` rule). A
refusal answers with its status and an Italian message; when answers or
attachments are missing, ``errors`` lists every one of them, not only the
first. Submitting again an application already submitted (the applicant's
retry after a lost answer) answers it unchanged, with its number.
"""

from comune.istanze.restapi.errors import refuse
from comune.istanze.restapi.errors import REFUSALS
from comune.istanze.restapi.replay import replayed
from comune.istanze.restapi.replay import submitted_again
from comune.istanze.workflow.errors import ApplicationError
from comune.istanze.workflow.submission import missing_answers
from comune.istanze.workflow.submission import missing_attachments
from comune.istanze.workflow.submission import submit
from plone import api
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.services import Service
from zope.interface import alsoProvides


def submit_checked(app):
    """Submit ``app``; an incomplete draft's refusal lists all problems.

    A fee due at submission makes it «Paga e invia»: the payment is created
    and the application is submitted once paid (``summary`` lists it).
    """
    from comune.istanze.fees.fields import is_due_at_submission
    from comune.istanze.fees.pay_and_submit import pay_and_submit

    try:
        if is_due_at_submission(app):
            pay_and_submit(app)
        else:
            submit(app)
    except ApplicationError as exc:
        if exc.field and not getattr(exc, "errors", None):
            exc.errors = missing_answers(app) + missing_attachments(app)
        raise
    return app


def summary(app) -> dict:
    """What a client needs after creating or submitting an application."""
    from comune.istanze.representation.display import as_json as representation_json

    return {
        "@id": app.absolute_url(),
        "id": app.getId(),
        "number": app.number,
        "review_state": api.content.get_state(app),
        "form_version": app.form_version,
        "payments": payments_info(app),
        "representation": representation_json(app),
    }


def payments_info(app) -> list:
    from comune.istanze.integrations.pagopa.storage import payments_of
    from comune.istanze.restapi.pagopa import payment_json

    return [payment_json(app, p) for p in payments_of(app)]


class SubmitApplication(Service):
    """Submit this draft."""

    def reply(self) -> dict:
        alsoProvides(self.request, IDisableCSRFProtection)
        if submitted_again(self.context):  # a retry after a lost answer
            replayed(self.request)
            return summary(self.context)
        try:
            submit_checked(self.context)
        except REFUSALS as exc:
            return refuse(self, exc)
        return summary(self.context)

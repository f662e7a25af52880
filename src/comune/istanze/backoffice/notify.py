"""Emails from the back office to the citizen (MailHost, sent on commit)."""

from plone import api

import logging


logger = logging.getLogger(__name__)


def email_citizen(app, subject, body):
    """Queue an email to the applicant; a mail failure never blocks the action."""
    if not app.applicant_email:
        return False
    link = app.absolute_url()
    text = f"{body}\n\nDettagli: {link}\n\nMessaggio automatico, non rispondere."
    try:
        api.portal.send_email(recipient=app.applicant_email, subject=subject, body=text,
                              immediate=False)
    except Exception:  # noqa: BLE001 - MailHost misconfigured: log, never fail the action
        logger.exception("Email to %s not queued", app.applicant_email)
        return False
    return True

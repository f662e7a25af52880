"""Emails from the back office to the citizen, through the outbox."""

from comune.istanze.outbox.email import queue_email


def email_citizen(app, subject, body, key=None):
    """Queue an email to the applicant; the worker sends it (with retries)."""
    text = f"{body}\n\nDettagli: {app.absolute_url()}\n\nMessaggio automatico, non rispondere."
    return queue_email(app.applicant_email, subject, text, key=key, target=app.UID()) is not None

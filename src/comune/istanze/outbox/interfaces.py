"""Contracts of the outbox: job handlers and settings."""

from comune.istanze import _
from zope import schema
from zope.interface import Attribute
from zope.interface import Interface


class IJobHandler(Interface):
    """Performs one kind of outbound job (a named utility, name = job kind).

    ``run(job, target, ctx)`` does the work. ``target`` is the object the job
    is about (or None when it was removed). Steps already done are in
    ``job.results``; a step saves its result with ``ctx.save(step, value)``,
    which commits at once, so that a retry resumes after it. Raise
    :class:`comune.istanze.outbox.errors.PermanentError` for failures a retry
    cannot fix (bad data); any other exception is retried with backoff.
    """

    title = Attribute("Italian name of the job kind, for the control panel")

    def run(job, target, ctx):
        """Do (the rest of) the job."""


class IScheduledJobs(Interface):
    """Enqueues a periodic job when it is due (a named utility).

    The worker calls ``schedule(portal, now)`` on every loop, in its own
    transaction: it must be cheap and enqueue at most one job under an
    idempotency key that names the period, so a period runs once.
    """

    def schedule(portal, now):
        """Enqueue the job of the current period if due; return it or None."""


class IOutboxSettings(Interface):
    max_attempts = schema.Int(
        title=_("Tentativi massimi per job"), default=8, min=1, required=True
    )
    base_delay = schema.Int(
        title=_("Attesa iniziale tra i tentativi (secondi)"),
        description=_("Raddoppia a ogni tentativo fallito."),
        default=30, min=1, required=True,
    )
    max_delay = schema.Int(
        title=_("Attesa massima tra i tentativi (secondi)"), default=3600, min=1, required=True
    )
    lease_seconds = schema.Int(
        title=_("Durata della presa in carico di un job (secondi)"),
        description=_("Oltre questo tempo un job in corso è considerato bloccato e ripreso."),
        default=600, min=10, required=True,
    )
    poll_interval = schema.Int(
        title=_("Intervallo di controllo del worker (secondi)"), default=5, min=1, required=True
    )
    digest_recipient = schema.TextLine(
        title=_("Destinatario del riepilogo giornaliero degli errori"),
        description=_("Vuoto: l'indirizzo email del sito."),
        default="", required=False,
    )

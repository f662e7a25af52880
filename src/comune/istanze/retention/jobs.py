"""The daily retention job, run by the outbox worker."""

from comune.istanze import _
from comune.istanze.outbox import queue
from comune.istanze.retention import purge


KIND = "retention"


class RetentionJob:
    """Anonymises the applications past their retention (when turned on)."""

    title = _("Conservazione: anonimizzazione delle istanze scadute")

    def run(self, job, target, ctx):
        ctx.save("esito", purge.run(ctx.portal))


class Schedule:
    """Once a day, when the Comune turned anonymisation on (the report is
    read on demand by ``@@conservazione``)."""

    def schedule(self, portal, now):
        if not purge.settings().apply:
            return None
        key = f"{KIND}:{now:%Y-%m-%d}"
        if queue.job_for_key(portal, key) is not None:
            return None
        return queue.enqueue(portal, KIND, "", key)

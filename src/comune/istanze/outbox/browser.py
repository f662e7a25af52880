"""``@@outbox-controlpanel``: failed and stuck jobs, with retry and cancel."""

from comune.istanze import _
from comune.istanze.outbox import queue
from comune.istanze.outbox.interfaces import IJobHandler
from datetime import datetime
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from Products.statusmessages.interfaces import IStatusMessage
from zope.component import queryUtility


def job_info(job):
    handler = queryUtility(IJobHandler, name=job.kind)
    return {
        "id": job.id,
        "kind": job.kind,
        "kind_title": getattr(handler, "title", job.kind),
        "target": job.target,
        "key": job.key,
        "state": job.state,
        "state_title": queue.STATE_TITLES.get(job.state, job.state),
        "stuck": job.stuck(),
        "attempts": job.attempts,
        "max_attempts": job.max_attempts,
        "last_error": job.last_error,
        "steps": sorted(job.results.keys()),
        "created": datetime.fromtimestamp(job.created).isoformat(timespec="seconds"),
        "updated": datetime.fromtimestamp(job.updated).isoformat(timespec="seconds"),
        "next_attempt": datetime.fromtimestamp(job.next_attempt).isoformat(timespec="seconds"),
    }


def apply_action(portal, job_id, action):
    """Retry or cancel ``job_id``; returns an Italian message or raises KeyError."""
    job = queue.get_job(portal, job_id)
    if job is None:
        raise KeyError(job_id)
    if action == "retry" and queue.retry(portal, job):
        return _("Job rimesso in coda: sarà ritentato a breve.")
    if action == "cancel" and queue.cancel(portal, job):
        return _("Job annullato.")
    return None


class OutboxControlPanel(BrowserView):
    index = ViewPageTemplateFile("templates/controlpanel.pt")

    def __call__(self):
        if self.request.method == "POST":
            CheckAuthenticator(self.request)
            action = "retry" if "form.retry" in self.request.form else (
                "cancel" if "form.cancel" in self.request.form else None)
            messages = IStatusMessage(self.request)
            try:
                message = apply_action(self.context, self.request.form.get("job_id", ""), action)
            except KeyError:
                message = None
            if message is None:
                messages.add(_("Operazione non possibile su questo job."), type="error")
            else:
                messages.add(message, type="info")
            self.request.response.redirect(f"{self.context.absolute_url()}/@@outbox-controlpanel")
            return ""
        return self.index()

    def jobs(self):
        return [job_info(j) for j in queue.problem_jobs(self.context)]

    def open_count(self):
        return len(queue.open_job_ids(self.context))

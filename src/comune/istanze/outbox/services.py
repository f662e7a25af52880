"""REST endpoints of the outbox (permission: Manage integrations).

- ``GET @outbox``: failed and stuck jobs (``?state=open`` for the open ones);
- ``POST @outbox/<job id>/retry`` and ``POST @outbox/<job id>/cancel``.
"""

from comune.istanze import _
from comune.istanze.outbox import queue
from comune.istanze.outbox.browser import apply_action
from comune.istanze.outbox.browser import job_info
from comune.istanze.restapi.traversal import PathService
from plone import api
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.services import Service
from zope.interface import alsoProvides


class OutboxGet(Service):
    def reply(self):
        if self.request.form.get("state") == "open":
            jobs = [queue.get_job(self.context, i) for i in queue.open_job_ids(self.context)]
        else:
            jobs = queue.problem_jobs(self.context)
        items = [job_info(j) for j in jobs if j is not None]
        return {"@id": f"{self.context.absolute_url()}/@outbox", "items": items,
                "items_total": len(items)}


class OutboxPost(PathService):
    def reply(self):
        if len(self.params) != 2 or self.params[1] not in ("retry", "cancel"):
            self.request.response.setStatus(400)
            return {"error": {"type": "BadRequest", "message": api.portal.translate(
                _("Usa @outbox/<id>/retry oppure @outbox/<id>/cancel."))}}
        # REST clients authenticate with tokens/basic auth, not cookies
        alsoProvides(self.request, IDisableCSRFProtection)
        try:
            message = apply_action(self.context, self.params[0], self.params[1])
        except KeyError:
            self.request.response.setStatus(404)
            return {"error": {"type": "NotFound",
                              "message": api.portal.translate(_("Job non trovato."))}}
        if message is None:
            self.request.response.setStatus(409)
            return {"error": {"type": "Conflict", "message": api.portal.translate(
                _("Operazione non possibile su questo job."))}}
        return {"message": api.portal.translate(message),
                "job": job_info(queue.get_job(self.context, self.params[0]))}

"""REST services of rankings.

* ``GET <type>/@graduatoria``: the published ranking, pseudonymised
  (position, number, score); staff also get rules, exclusions, adjustments,
  audit and bulk-decision progress, also before publication.
* ``POST <type>/@graduatoria``: ``{"action": "rules", "rules": {...}}``,
  ``compute``, ``{"action": "adjust", "number", "points", "motivation"}``,
  ``publish``, ``{"action": "appeals", "until": ISO}``, ``final``,
  ``{"action": "bulk", "mode": "first_n"|"budget", "count"}``.
"""

from comune.istanze import _
from comune.istanze.backoffice.actions import ActionError
from comune.istanze.backoffice.actions import iso_datetime
from comune.istanze.ranking import bulk
from comune.istanze.ranking import storage
from comune.istanze.ranking.rules import RuleError
from comune.istanze.restapi.actions import ActionService
from comune.istanze.restapi.errors import refuse
from plone import api
from plone.restapi.serializer.converters import json_compatible
from plone.restapi.services import Service



WORK = "comune.istanze: Work applications"


def _error(service, message, status=400):
    exc = RuleError(message)
    exc.status = status
    return refuse(service, exc)


class RankingGet(Service):
    def reply(self):
        ranking = storage.ranking_of(self.context)
        staff = api.user.has_permission(WORK, obj=self.context)
        if ranking is None or (ranking.phase == "draft" and not staff):
            return _error(self, _("Graduatoria non pubblicata."), 404)
        result = {"phase": ranking.phase, "appeals_until": json_compatible(ranking.appeals_until),
                  "items": storage.public_rows(ranking) if ranking.phase != "draft" or staff else []}
        if staff:
            job = getattr(ranking, "bulk", None)
            result.update(json_compatible({
                "rules": ranking.rules, "computed": ranking.computed,
                "excluded": [{"number": n, "reason": r} for n, r in ranking.excluded],
                "adjustments": {k: {"points": v[0], "motivation": v[1], "by": v[2], "when": v[3]}
                                for k, v in ranking.adjustments.items()},
                "audit": list(ranking.audit),
                "bulk": job and {"total": len(job.plan), "position": job.position, "done": job.done,
                                 "skipped": job.skipped, "failures": dict(job.failures),
                                 "finished": job.finished},
            }))
        return result


class RankingPost(ActionService):
    actions = {"rules": "rules", "compute": "compute", "adjust": "adjust",
               "publish": "publish", "appeals": "appeals", "final": "final", "bulk": "bulk"}
    refusals = ActionService.refusals + (RuleError,)

    def rules(self, body):
        storage.save_rules(self.context, body.get("rules"))

    def compute(self, body):
        storage.compute(self.context)

    def adjust(self, body):
        storage.adjust(self.context, body.get("number", ""), body.get("points"), body.get("motivation", ""))

    def publish(self, body):
        storage.publish_provisional(self.context)

    def appeals(self, body):
        storage.open_appeals(self.context, iso_datetime(body.get("until"), RuleError))

    def final(self, body):
        storage.make_final(self.context)

    def bulk(self, body):
        if not api.user.has_permission("comune.istanze: Decide applications", obj=self.context):
            raise ActionError(_("Non hai i permessi per questa operazione."), status=403)
        bulk.start(self.context, body.get("mode", ""), body.get("count"))
        bulk.enqueue(self.context)

    def result(self):
        ranking = storage.ranking_of(self.context)
        return {"phase": ranking.phase, "ranked": len(ranking.rows), "excluded": len(ranking.excluded)}

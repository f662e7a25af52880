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
from comune.istanze.ranking import bulk
from comune.istanze.ranking import storage
from comune.istanze.ranking.rules import RuleError
from comune.istanze.restapi.errors import read_body
from comune.istanze.restapi.errors import refuse
from datetime import datetime
from plone import api
from plone.restapi.serializer.converters import json_compatible
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.services import Service
from zope.interface import alsoProvides



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


class RankingPost(Service):
    def reply(self):
        alsoProvides(self.request, IDisableCSRFProtection)  # as plone.restapi's own services
        body = read_body(self.request)
        action, type_obj = body.get("action"), self.context
        try:
            if action == "rules":
                storage.save_rules(type_obj, body.get("rules"))
            elif action == "compute":
                storage.compute(type_obj)
            elif action == "adjust":
                storage.adjust(type_obj, body.get("number", ""), body.get("points"), body.get("motivation", ""))
            elif action == "publish":
                storage.publish_provisional(type_obj)
            elif action == "appeals":
                try:
                    until = datetime.fromisoformat(body.get("until") or "")
                except ValueError:
                    raise RuleError(_("Data non valida: «${value}».", mapping={"value": body.get("until") or ""}))
                storage.open_appeals(type_obj, until)
            elif action == "final":
                storage.make_final(type_obj)
            elif action == "bulk":
                if not api.user.has_permission("comune.istanze: Decide applications", obj=type_obj):
                    return _error(self, _("Non hai i permessi per questa operazione."), 403)
                bulk.start(type_obj, body.get("mode", ""), body.get("count"))
                bulk.enqueue(type_obj)
            else:
                raise RuleError(_("Azione non valida."))
        except RuleError as exc:
            return refuse(self, exc)
        ranking = storage.ranking_of(type_obj)
        return {"phase": ranking.phase, "ranked": len(ranking.rows), "excluded": len(ranking.excluded)}

"""Bulk decisions from the final ranking: one resumable, audited action.

The plan is computed once from the final ranking and stored: accept in rank
order the first N, or as many as the budget covers (each with its granted
amount, the last one partially when the type allows it); reject the excluded
applications with their stated reason. Ranked applications beyond the
budget stay in review (eligible, not funded). Execution goes in chunks with
a commit after each (progress is shown); an interrupted run resumes at its
saved position, and an application already decided is skipped, never
decided twice. Each decision produces its document, message, email, protocol
job and audit entry through :func:`comune.istanze.backoffice.actions.decide`,
i.e. through the ``accept``/``reject`` rules like every decision; a refused
one is rolled back (its granted amount too) and listed among the failures.
"""

from comune.istanze import _
from comune.istanze.backoffice import actions
from comune.istanze.ranking.rules import RuleError
from comune.istanze.ranking.storage import ranking_of
from datetime import datetime
from persistent import Persistent
from persistent.mapping import PersistentMapping
from plone import api

import transaction


CHUNK = 25
NOT_FUNDED = "eligible"


class BulkDecision(Persistent):
    def __init__(self, plan, author):
        self.plan = tuple(plan)  # ((number, outcome, amount, reason), ...)
        self.author = author
        self.created = datetime.now()
        self.position = 0
        self.done = 0
        self.skipped = 0
        self.failures = PersistentMapping()
        self.finished = None


def _amounts(type_obj):
    field = type_obj.grant_amount_field
    if not field:
        return {}
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(portal_type=type_obj.published_type,
                                               path="/".join(type_obj.getPhysicalPath()))
    return {b.application_number: (b.ranking_values or {}).get(field) for b in brains}


def make_plan(type_obj, mode, count=None):
    ranking = ranking_of(type_obj)
    if ranking is None or ranking.phase != "final":
        raise RuleError(_("Le decisioni in blocco partono dalla graduatoria definitiva."))
    rows = ranking.rows
    plan = []
    if mode == "first_n":
        if not isinstance(count, int) or count < 1:
            raise RuleError(_("Indica quante istanze accogliere (un numero intero positivo)."))
        plan = [(r[1], "accept", type_obj.grant_amount, "") for r in rows[:count]]
    elif mode == "budget":
        budget = type_obj.budget
        if not budget:
            raise RuleError(_("Indica le risorse disponibili nella tipologia."))
        requested = _amounts(type_obj)
        left = float(budget)
        for r in rows:
            amount = type_obj.grant_amount if type_obj.grant_amount else requested.get(r[1])
            if amount is None:
                raise RuleError(_("Manca l'importo dell'istanza ${n}.", mapping={"n": r[1]}))
            if amount <= left:
                plan.append((r[1], "accept", float(amount), ""))
                left -= amount
            elif type_obj.allow_partial and left > 0:
                plan.append((r[1], "accept", round(left, 2), "importo parziale"))
                left = 0
            if left <= 0:
                break
    else:
        raise RuleError(_("Modalità non valida."))
    plan += [(number, "reject", None, reason) for number, reason in ranking.excluded]
    return plan


def start(type_obj, mode, count=None):
    if not api.user.has_permission("comune.istanze: Decide applications", obj=type_obj):
        raise RuleError(_("Solo il Responsabile può avviare le decisioni in blocco."))
    ranking = ranking_of(type_obj)
    current = getattr(ranking, "bulk", None)
    if current is not None and current.finished is None:
        raise RuleError(_("Decisioni in blocco già in corso: riprendile."))
    ranking.bulk = BulkDecision(make_plan(type_obj, mode, count), api.user.get_current().getId())
    ranking.log("bulk", f"decisioni in blocco: {len(ranking.bulk.plan)} istanze")
    return ranking.bulk


def _find(type_obj, number):
    brains = api.portal.get_tool("portal_catalog").unrestrictedSearchResults(
        application_number=number, application_type=type_obj.code)
    return brains[0]._unrestrictedGetObject() if brains else None


def _motivation(outcome, amount, reason):
    if outcome == "accept":
        text = "Istanza accolta in base alla graduatoria definitiva."
        if amount:
            text += f" Importo concesso: {amount:.2f} euro"
            text += f" ({reason})." if reason else "."
        return text
    return f"Istanza esclusa dalla graduatoria: {reason}."


def run(type_obj, commit=lambda: None, chunk=CHUNK):
    """Execute (or resume) the bulk decision of ``type_obj``'s ranking."""
    bulk = getattr(ranking_of(type_obj), "bulk", None)
    if bulk is None:
        raise RuleError(_("Nessuna decisione in blocco da eseguire."))
    while bulk.position < len(bulk.plan):
        for number, outcome, amount, reason in bulk.plan[bulk.position:bulk.position + chunk]:
            app = _find(type_obj, number)
            state = api.content.get_state(app) if app is not None else None
            if state in ("accepted", "rejected", "closed", "withdrawn"):
                bulk.skipped += 1
                continue
            savepoint = transaction.savepoint(optimistic=True)
            try:
                if app is None:
                    raise LookupError("istanza non trovata")
                app.granted_amount = amount
                actions.decide(app, outcome, _motivation(outcome, amount, reason))
                bulk.done += 1
            except (actions.ActionError, LookupError) as exc:
                savepoint.rollback()
                bulk.failures[number] = str(getattr(exc, "message", exc))
        bulk.position = min(len(bulk.plan), bulk.position + chunk)
        commit()
    bulk.finished = datetime.now()
    commit()
    return bulk


JOB_KIND = "ranking.bulk"


def enqueue(type_obj):
    """Hand the bulk decision to the outbox worker (progress on the page)."""
    from comune.istanze.outbox.queue import enqueue as outbox_enqueue

    bulk = ranking_of(type_obj).bulk
    key = f"{JOB_KIND}:{type_obj.UID()}:{bulk.created.isoformat()}:{bulk.position}"
    return outbox_enqueue(api.portal.get(), JOB_KIND, type_obj.UID(), key)


class BulkJobHandler:
    """Outbox handler: runs the decisions as the Responsabile who started them."""

    title = _("Decisioni in blocco dalla graduatoria")

    def run(self, job, target, ctx):
        from comune.istanze.outbox.errors import PermanentError

        if target is None:
            raise PermanentError("Tipologia non trovata")
        bulk = ranking_of(target).bulk
        with api.env.adopt_user(username=bulk.author):
            run(target, commit=lambda: ctx.save("position", bulk.position))

"""A type's ranking (graduatoria): rules, computed results, adjustments, phases.

Phases: ``draft`` (rules saved, nothing published) -> ``provisional``
(computed and published as a pseudonymised public page) -> ``appeals``
(appeals window open until a date) -> ``final``. Every action is appended to
the ranking's own audit trail (who, when, what). The ranking lives on its
application type in one persistent object, written only by staff actions
(never on the citizens' submission path).
"""

from comune.istanze.persistence import stored
from comune.istanze import _
from comune.istanze.ranking.engine import rank
from comune.istanze.ranking.rules import compile_rules
from comune.istanze.ranking.rules import RuleError
from comune.istanze.content.fti import version_schema
from datetime import datetime
from persistent import Persistent
from persistent.list import PersistentList
from persistent.mapping import PersistentMapping
from plone import api


PHASES = ("draft", "provisional", "appeals", "final")
# Ranked: every state but these (a type's own office states, "sopralluogo", included).
UNRANKED_STATES = ("draft", "rejected", "withdrawn", "closed")


class Ranking(Persistent):
    def __init__(self):
        self.rules = None
        self.phase = "draft"
        self.computed = None
        self.rows = ()  # ((position, number, total, score, adjustment, motivation), ...)
        self.excluded = ()  # ((number, reason), ...)
        self.adjustments = PersistentMapping()  # number -> (points, motivation, who, when)
        self.appeals_until = None
        self.audit = PersistentList()

    def log(self, action, detail=""):
        self.audit.append({
            "when": datetime.now(), "who": api.user.get_current().getId() or None,
            "action": action, "detail": detail,
        })


def ranking_of(type_obj, create=False):
    return stored(type_obj, "_ranking", Ranking if create else None)


def form_fields(type_obj):
    schema, _model = version_schema(type_obj, type_obj.current_form_version)
    return tuple(schema.names())


def save_rules(type_obj, data):
    """Validate and store ranking rules; raises RuleError (nothing stored)."""
    compile_rules(data, form_fields(type_obj))
    ranking = ranking_of(type_obj, create=True)
    if ranking.phase == "final":
        raise RuleError(_("La graduatoria è definitiva: le regole non si possono più cambiare."))
    ranking.rules = data
    ranking.log("rules", "regole salvate")
    return ranking


def _rows(type_obj):
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(
        portal_type=type_obj.published_type,
        path="/".join(type_obj.getPhysicalPath()),
        review_state={"not": list(UNRANKED_STATES)},
    )
    return [(b.application_number, b.ranking_values or {}) for b in brains]


def compute(type_obj):
    """Compute (or recompute) from catalog metadata; keeps adjustments."""
    ranking = ranking_of(type_obj)
    if ranking is None or ranking.rules is None:
        raise RuleError(_("Definisci prima le regole della graduatoria."))
    if ranking.phase == "final":
        raise RuleError(_("La graduatoria è già definitiva."))
    rules = compile_rules(ranking.rules, form_fields(type_obj))
    adjustments = {k: (v[0], v[1]) for k, v in ranking.adjustments.items()}
    ranked, excluded = rank(rules, _rows(type_obj), adjustments)
    ranking.rows = tuple(tuple(r) for r in ranked)
    ranking.excluded = tuple(tuple(e) for e in excluded)
    ranking.computed = datetime.now()
    ranking.log("compute", f"{len(ranking.rows)} in graduatoria, {len(ranking.excluded)} escluse")
    return ranking


def adjust(type_obj, number, points, motivation):
    """Adjust one application's score; the motivation is mandatory."""
    ranking = ranking_of(type_obj)
    if ranking is None or not ranking.rows:
        raise RuleError(_("Calcola prima la graduatoria."))
    if ranking.phase == "final":
        raise RuleError(_("La graduatoria è definitiva: i punteggi non si possono più modificare."))
    if not (motivation or "").strip():
        raise RuleError(_("La rettifica del punteggio richiede una motivazione."))
    try:
        points = float(points)
    except (TypeError, ValueError):
        raise RuleError(_("I punti della rettifica devono essere un numero."))
    if number not in {r[1] for r in ranking.rows}:
        raise RuleError(_("L'istanza ${number} non è in graduatoria.", mapping={"number": number}))
    who = api.user.get_current().getId()
    ranking.adjustments[number] = (points, motivation.strip(), who, datetime.now())
    ranking.log("adjust", f"{number}: {points:+g} punti. Motivazione: {motivation.strip()}")
    compute(type_obj)
    return ranking


def publish_provisional(type_obj):
    ranking = ranking_of(type_obj)
    if ranking is None or not ranking.computed:
        raise RuleError(_("Calcola prima la graduatoria."))
    if ranking.phase != "draft":
        raise RuleError(_("La graduatoria provvisoria è già stata pubblicata."))
    ranking.phase = "provisional"
    ranking.log("publish", "graduatoria provvisoria pubblicata")


def open_appeals(type_obj, until):
    ranking = ranking_of(type_obj)
    if ranking is None or ranking.phase != "provisional":
        raise RuleError(_("I ricorsi si aprono dopo la pubblicazione della graduatoria provvisoria."))
    if until is None or until <= datetime.now():
        raise RuleError(_("Il termine per i ricorsi deve essere una data futura."))
    ranking.phase = "appeals"
    ranking.appeals_until = until
    ranking.log("appeals", f"ricorsi aperti fino al {until:%d/%m/%Y %H:%M}")


def make_final(type_obj):
    ranking = ranking_of(type_obj)
    if ranking is None or ranking.phase != "appeals":
        raise RuleError(_("La graduatoria definitiva segue la fase dei ricorsi."))
    if ranking.appeals_until and datetime.now() < ranking.appeals_until:
        raise RuleError(_("Il termine per i ricorsi non è ancora scaduto."))
    compute(type_obj)
    ranking.phase = "final"
    ranking.log("final", "graduatoria definitiva approvata")


def public_rows(ranking):
    """Pseudonymised rows: number, score, position. Never names or codes."""
    return [{"position": r[0], "number": r[1], "score": r[2]} for r in ranking.rows]

"""Ranking rules (graduatorie) as data: validated when saved, never eval'd.

A type's rules are a JSON-able dict edited by staff without code::

    {
      "rules": [
        {"kind": "ranges", "field": "isee", "label": "Fascia ISEE",
         "ranges": [{"min": 0, "max": 5000, "points": 10},
                    {"min": 5000, "max": 10000, "points": 5}]},
        {"kind": "per_unit", "field": "figli_minori", "points": 2, "max_points": 10,
         "label": "Figli sotto i 3 anni"},
        {"kind": "bonus", "field": "invalidita", "points": 5, "label": "Invalidità"},
        {"kind": "exclude", "field": "isee", "op": "gt", "value": 30000,
         "reason": "ISEE superiore a 30.000 euro"}
      ],
      "tie_breakers": [{"field": "isee", "order": "asc"},
                       {"field": "submitted", "order": "asc"}]
    }

``ranges`` include ``min`` and exclude ``max`` (a missing bound is open).
``bonus`` gives its points when the answer is true, or equals ``equals``.
``exclude`` operators: missing, false, eq, ne, lt, le, gt, ge.
:func:`compile_rules` validates against the form's fields and returns plain
Python callables: nothing from the rules is ever executed as code.
"""

from comune.istanze import _
from bisect import bisect_right
from dataclasses import dataclass

import operator


KINDS = ("ranges", "per_unit", "bonus", "exclude")
OPERATORS = {
    "eq": operator.eq, "ne": operator.ne, "lt": operator.lt,
    "le": operator.le, "gt": operator.gt, "ge": operator.ge,
}
UNARY = ("missing", "false")
META_FIELDS = ("submitted",)  # tie-breakers may also use metadata


class RuleError(ValueError):
    """Invalid rules; ``message`` is an Italian i18n message."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class CompiledRules:
    scorers: tuple  # (label, field, fn(value) -> points)
    exclusions: tuple  # (field, fn(value) -> bool, reason)
    tie_breakers: tuple  # (field, descending)


def _number(value, what, where):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise RuleError(
            _("Regola ${rule}: «${what}» deve essere un numero.", mapping={"rule": where, "what": what})
        )
    return value


def _field(rule, fields, where):
    name = rule.get("field")
    if name not in fields:
        raise RuleError(
            _("Regola ${rule}: il campo «${field}» non esiste nel modulo.",
              mapping={"rule": where, "field": name or ""})
        )
    return name


def _ranges(rule, where):
    ranges = rule.get("ranges")
    if not isinstance(ranges, list) or not ranges:
        raise RuleError(_("Regola ${rule}: indica almeno una fascia.", mapping={"rule": where}))
    bounds = []
    for item in ranges:
        lo = item.get("min")
        hi = item.get("max")
        lo = None if lo is None else _number(lo, "min", where)
        hi = None if hi is None else _number(hi, "max", where)
        if lo is not None and hi is not None and hi <= lo:
            raise RuleError(
                _("Regola ${rule}: in una fascia il massimo deve superare il minimo.", mapping={"rule": where})
            )
        bounds.append((lo, hi, _number(item.get("points"), "points", where)))

    return _interval_scorer(bounds)


def _interval_scorer(bounds):
    """value -> points of the first range holding it, by one ``bisect``.

    The ranges' ends cut the number line into elementary intervals; every
    range holds an interval whole or not at all, so the first range's points
    can be computed once per interval instead of trying each range per row.
    """
    cuts = sorted({b for lo, hi, _p in bounds for b in (lo, hi) if b is not None})
    edges = [None, *cuts, None]  # interval i is [edges[i], edges[i + 1])
    table = []
    for start, end in zip(edges, edges[1:]):
        table.append(next((points for lo, hi, points in bounds
                           if (lo is None or (start is not None and lo <= start))
                           and (hi is None or (end is not None and hi >= end))), 0))

    def score(value):
        return 0 if value is None else table[bisect_right(cuts, value)]

    return score


def _per_unit(rule, where):
    points = _number(rule.get("points"), "points", where)
    cap = rule.get("max_points")
    cap = None if cap is None else _number(cap, "max_points", where)

    def score(value):
        if not value:
            return 0
        total = value * points
        return min(total, cap) if cap is not None else total

    return score


def _bonus(rule, where):
    points = _number(rule.get("points"), "points", where)
    if "equals" in rule:
        expected = rule["equals"]
        return lambda value: points if value == expected else 0
    return lambda value: points if value else 0


def _exclusion(rule, where):
    op = rule.get("op")
    reason = (rule.get("reason") or "").strip()
    if not reason:
        raise RuleError(
            _("Regola ${rule}: un'esclusione deve indicare il motivo.", mapping={"rule": where})
        )
    if op == "missing":
        return (lambda value: value is None or value == ""), reason
    if op == "false":
        return (lambda value: not value), reason
    if op not in OPERATORS:
        raise RuleError(
            _("Regola ${rule}: operatore «${op}» non ammesso.", mapping={"rule": where, "op": op or ""})
        )
    compare, limit = OPERATORS[op], rule.get("value")
    if limit is None:
        raise RuleError(_("Regola ${rule}: indica il valore di confronto.", mapping={"rule": where}))
    return (lambda value: value is not None and compare(value, limit)), reason


_BUILDERS = {"ranges": _ranges, "per_unit": _per_unit, "bonus": _bonus}


def compile_rules(data, fields):
    """Validate ``data`` against the form ``fields`` (names); compile it."""
    if not isinstance(data, dict):
        raise RuleError(_("Le regole devono essere un oggetto con «rules» e «tie_breakers»."))
    scorers, exclusions, ties = [], [], []
    for index, rule in enumerate(data.get("rules") or [], 1):
        where = str(index)
        if not isinstance(rule, dict) or rule.get("kind") not in KINDS:
            raise RuleError(
                _("Regola ${rule}: tipo non ammesso (ranges, per_unit, bonus, exclude).", mapping={"rule": where})
            )
        name = _field(rule, fields, where)
        if rule["kind"] == "exclude":
            test, reason = _exclusion(rule, where)
            exclusions.append((name, test, reason))
        else:
            label = rule.get("label") or name
            scorers.append((label, name, _BUILDERS[rule["kind"]](rule, where)))
    for index, tie in enumerate(data.get("tie_breakers") or [], 1):
        where = f"spareggio {index}"
        if not isinstance(tie, dict):
            raise RuleError(_("Regola ${rule}: criterio non valido.", mapping={"rule": where}))
        name = _field(tie, tuple(fields) + META_FIELDS, where)
        order = tie.get("order", "asc")
        if order not in ("asc", "desc"):
            raise RuleError(_("Regola ${rule}: ordine «asc» o «desc».", mapping={"rule": where}))
        ties.append((name, order == "desc"))
    if not scorers:
        raise RuleError(_("Indica almeno una regola che assegna punti."))
    return CompiledRules(tuple(scorers), tuple(exclusions), tuple(ties))

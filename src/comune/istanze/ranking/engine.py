"""Compute a ranking from compiled rules: explainable, fast, pure.

Input rows are plain ``(key, values)`` pairs read from catalog metadata
(never from woken application objects). :func:`rank` computes totals,
exclusions and positions for tens of thousands of rows with plain tuples;
:func:`explain` gives the score breakdown of one row, with the same rules,
so every position is explainable. Staff adjustments (with their
motivation) are applied on top.
"""

from datetime import date
from typing import NamedTuple


class Ranked(NamedTuple):
    """One ranked row (built lazily by :func:`rows_of`)."""

    position: int
    key: str
    total: float
    score: float
    adjustment: float
    motivation: str


class Excluded(NamedTuple):
    key: str
    reason: str


class _Reverse:
    """Orders any comparable value descending inside an ascending sort."""

    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value

    def __lt__(self, other):
        return other.value < self.value

    def __eq__(self, other):
        return self.value == other.value


def _desc(value):
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return -value
    if isinstance(value, date):
        return -value.toordinal() if type(value) is date else -value.timestamp()
    return _Reverse(value)


def _tie_builder(tie_breakers):
    """A function get -> flat list of sort keys; missing values always last."""
    specs = tuple(tie_breakers)

    def key(get):
        out = []
        for name, descending in specs:
            value = get(name)
            if value is None:
                out += _MISSING
            else:
                out += (False, _desc(value) if descending else value)
        return out

    return key


_MISSING = (True, 0)


def excluded_reason(rules, values):
    get = values.get
    for field_name, test, reason in rules.exclusions:
        if test(get(field_name)):
            return reason
    return None


def explain(rules, values):
    """(breakdown [(label, points)], total, exclusion reason or None)."""
    reason = excluded_reason(rules, values)
    if reason:
        return [], 0, reason
    breakdown = []
    for label, field_name, scorer in rules.scorers:
        points = scorer(values.get(field_name))
        if points:
            breakdown.append((label, points))
    return breakdown, sum(p for _l, p in breakdown), None


def rank(rules, rows, adjustments=None):
    """Rank ``rows`` ((key, values) pairs); returns (Ranking, [Excluded]).

    ``adjustments`` maps key -> (points, motivation). The ranking is a
    sequence of :class:`Ranked` rows built on access, so ranking 50,000 rows
    costs one pass and one sort of flat tuples.
    """
    adjustments = adjustments or {}
    scorers = tuple((name, fn) for _label, name, fn in rules.scorers)
    exclusions = rules.exclusions
    tie_key = _tie_builder(rules.tie_breakers)
    keyed, excluded = [], []
    for key, values in rows:
        get = values.get
        for field_name, test, reason in exclusions:
            if test(get(field_name)):
                excluded.append(Excluded(key, reason))
                break
        else:
            score = 0
            for field_name, scorer in scorers:
                score += scorer(get(field_name))
            adj = adjustments.get(key)
            points, motivation = adj if adj else (0, None)
            keyed.append((-(score + points), *tie_key(get), key, score, points, motivation))
    keyed.sort()
    return Ranking(keyed), excluded


class Ranking:
    """Sorted flat tuples ``(-total, *ties, key, score, adjustment, motivation)``."""

    def __init__(self, keyed):
        self._keyed = keyed

    def __len__(self):
        return len(self._keyed)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        k = self._keyed[index]
        position = index + 1 if index >= 0 else len(self) + index + 1
        key, score, points, motivation = k[-4:]
        return Ranked(position, key, score + points, score, points, motivation)

    def __iter__(self):
        return (self[i] for i in range(len(self)))

    def __eq__(self, other):
        return list(self) == list(other)

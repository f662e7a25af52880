"""The condition language of ``istanze:show-when`` (parsed here, never eval'd).

A condition says when a field, a group of fields (fieldset) or a whole step
is shown, from the answers given *before* it in the form::

    tipo_richiedente == "associazione"
    figli > 0 and not (reddito >= 30000.5)
    comune in ["Firenze", "Prato"] or "mensa" in servizi
    ha_figli

Grammar (keywords are lower case)::

    expr    := and ("or" and)*
    and     := not ("and" not)*
    not     := "not" not | compare
    compare := operand [("==" | "!=" | ">" | ">=" | "<" | "<=" | "in") operand]
    operand := NAME | STRING | NUMBER | "true" | "false" | list | "(" expr ")"
    list    := "[" [literal ("," literal)*] "]"

Strings are in double or single quotes (``\\"`` and ``\\\\`` escape); numbers
use a dot for decimals; dates are ISO strings (``nascita < "2010-01-01"``).
A NAME alone is true when the answer is given and is not false/zero.

Semantics: an unanswered (or hidden) field has no value: every comparison
with it is false except ``!=``, which is ``not ==``. ``x in [..]`` is true
when the answer is one of the values; ``"v" in campo`` when a multiple
choice contains it; a multiple choice ``in [..]`` when any choice is listed.

The parsed tree is plain tuples (also sent as JSON to the browser script and
to REST clients, which evaluate the same tree): ``("field", name)``,
``("value", literal)``, ``("cmp", op, left, right)``, ``("and", a, b, ...)``,
``("or", a, b, ...)``, ``("not", a)``, ``("truthy", ("field", name))``.
"""

from comune.istanze import _
from datetime import date
from functools import lru_cache

import re


OPERATORS = ("==", "!=", ">=", "<=", ">", "<", "in")
ORDERING = (">", ">=", "<", "<=")
KEYWORDS = {"and", "or", "not", "in", "true", "false"}
MAX_LENGTH = 1000
TOKEN = re.compile(
    r"""(?P<space>\s+)
      | (?P<number>-?\d+(?:\.\d+)?)
      | (?P<string>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')
      | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
      | (?P<op>==|!=|>=|<=|>|<)
      | (?P<punct>[()\[\],])""",
    re.VERBOSE,
)


class ConditionSyntaxError(ValueError):
    """A condition that cannot be parsed; ``position`` is 1-based."""

    def __init__(self, message, position):
        super().__init__(message, position)
        self.message = message
        self.position = position


def tokenize(text):
    """[(kind, value, position)] of ``text`` (position 1-based)."""
    tokens, pos = [], 0
    while pos < len(text):
        match = TOKEN.match(text, pos)
        if match is None:
            raise ConditionSyntaxError(
                _("carattere non ammesso «${char}»", mapping={"char": text[pos]}), pos + 1)
        kind = match.lastgroup
        value = match.group()
        if kind == "string":
            value = re.sub(r"\\(.)", r"\1", value[1:-1])
        elif kind == "number":
            value = float(value) if "." in value else int(value)
        elif kind == "name" and value in KEYWORDS:
            kind = "keyword"
        if kind != "space":
            tokens.append((kind, value, pos + 1))
        pos = match.end()
    tokens.append(("end", None, len(text) + 1))
    return tokens


class _Parser:
    def __init__(self, text):
        self.tokens = tokenize(text)
        self.index = 0

    @property
    def token(self):
        return self.tokens[self.index]

    def take(self):
        token = self.token
        self.index += 1
        return token

    def accept(self, kind, value):
        if self.token[0] == kind and self.token[1] == value:
            return self.take()
        return None

    def expect(self, kind, value, what):
        if self.accept(kind, value) is None:
            self.fail(_("manca ${what}", mapping={"what": what}))

    def fail(self, message):
        raise ConditionSyntaxError(message, self.token[2])

    def parse(self):
        if self.token[0] == "end":
            self.fail(_("la condizione è vuota"))
        tree = self.expr()
        if self.token[0] != "end":
            self.fail(_("testo inatteso «${text}»", mapping={"text": str(self.token[1])}))
        return tree

    def _chain(self, word, inner):
        items = [inner()]
        while self.accept("keyword", word):
            items.append(inner())
        return items[0] if len(items) == 1 else (word, *items)

    def expr(self):
        return self._chain("or", self.conjunction)

    def conjunction(self):
        return self._chain("and", self.negation)

    def negation(self):
        if self.accept("keyword", "not"):
            return ("not", self.negation())
        return self.compare()

    def compare(self):
        left = self.operand()
        kind, value, _pos = self.token
        if (kind == "op" or (kind, value) == ("keyword", "in")):
            self.take()
            right = self.operand()
            if left[0] not in ("field", "value") or right[0] not in ("field", "value"):
                self.fail(_("un confronto unisce un campo e un valore: usa and/or tra i confronti"))
            if value == "in" and not (right[0] == "field" or isinstance(right[1], tuple)):
                self.fail(_("dopo «in» serve un elenco [..] o un campo a scelta multipla"))
            if left[0] != "field" and right[0] != "field":
                self.fail(_("il confronto deve riguardare almeno un campo"))
            return ("cmp", value, left, right)
        if left[0] == "field":
            return ("truthy", left)
        if left[0] == "value":
            self.fail(_("un valore da solo non è una condizione: confrontalo con un campo"))
        return left

    def operand(self):
        kind, value, _pos = self.token
        if kind == "punct" and value == "(":
            self.take()
            inner = self.expr()
            self.expect("punct", ")", _("la parentesi di chiusura «)»"))
            return inner
        if kind == "punct" and value == "[":
            return ("value", self.listing())
        if kind == "name":
            self.take()
            return ("field", value)
        return ("value", self.literal())

    def literal(self):
        kind, value, _pos = self.token
        if kind in ("string", "number"):
            self.take()
            return value
        if kind == "keyword" and value in ("true", "false"):
            self.take()
            return value == "true"
        if kind == "end":
            self.fail(_("la condizione è incompleta"))
        self.fail(_("atteso un campo o un valore, trovato «${text}»", mapping={"text": str(value)}))

    def listing(self):
        self.take()  # "["
        items = []
        if not self.accept("punct", "]"):
            items.append(self.literal())
            while self.accept("punct", ","):
                items.append(self.literal())
            self.expect("punct", "]", _("la parentesi di chiusura «]»"))
        return tuple(items)


@lru_cache(maxsize=512)
def parse(text):
    """The tree of ``text``; raises :class:`ConditionSyntaxError`."""
    if not isinstance(text, str):
        raise ConditionSyntaxError(_("la condizione deve essere un testo"), 1)
    if len(text) > MAX_LENGTH:
        raise ConditionSyntaxError(
            _("la condizione supera ${max} caratteri", mapping={"max": MAX_LENGTH}), MAX_LENGTH)
    return _Parser(text).parse()


def references(tree):
    """Field names ``tree`` reads, in order of appearance."""
    if tree[0] == "field":
        return [tree[1]]
    if tree[0] == "value":
        return []
    names = []
    for child in tree[1:]:
        if isinstance(child, tuple):
            names += [n for n in references(child) if n not in names]
    return names


def comparisons(tree):
    """Every ``("cmp", ...)`` node of ``tree`` (for checks against the form)."""
    if tree[0] == "cmp":
        return [tree]
    if tree[0] in ("and", "or", "not"):
        return [c for child in tree[1:] for c in comparisons(child)]
    return []


def normal(value):
    """An answer as the language sees it: None when unanswered."""
    if value is None or value == "" or value == [] or value == set() or value == ():
        return None
    if isinstance(value, (set, frozenset, list, tuple)):
        return sorted(value, key=str)
    if isinstance(value, date):
        return value.isoformat()[:10]
    return value


def _number(value):
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return value
    try:
        return float(str(value))
    except ValueError:
        return None


def _equal(left, right):
    if left is None or right is None:
        return False
    if isinstance(left, bool) or isinstance(right, bool):
        return left is right
    if isinstance(left, (int, float)) or isinstance(right, (int, float)):
        return _number(left) is not None and _number(left) == _number(right)
    if isinstance(left, list):
        return sorted(map(str, left)) == sorted(map(str, right if isinstance(right, list) else [right]))
    return str(left) == str(right)


def _order(op, left, right):
    if left is None or right is None:
        return False
    a, b = _number(left), _number(right)
    if a is None or b is None:
        if isinstance(left, (int, float)) or isinstance(right, (int, float)):
            return False
        a, b = str(left), str(right)
    return {">": a > b, ">=": a >= b, "<": a < b, "<=": a <= b}[op]


def _contains(left, right):
    if left is None or right is None:
        return False
    right = right if isinstance(right, (list, tuple)) else [right]
    lefts = left if isinstance(left, list) else [left]
    return any(_equal(a, b) for a in lefts for b in right)


def evaluate(tree, values):
    """True when ``tree`` holds for ``values`` ({field name: answer})."""
    kind = tree[0]
    if kind == "and":
        return all(evaluate(t, values) for t in tree[1:])
    if kind == "or":
        return any(evaluate(t, values) for t in tree[1:])
    if kind == "not":
        return not evaluate(tree[1], values)
    if kind == "truthy":
        value = _operand(tree[1], values)
        return value is not None and value is not False and value != 0
    op, left, right = tree[1], _operand(tree[2], values), _operand(tree[3], values)
    if op == "==":
        return _equal(left, right)
    if op == "!=":
        return not _equal(left, right)
    if op == "in":
        return _contains(left, right)
    return _order(op, left, right)


def _operand(node, values):
    if node[0] == "field":
        return normal(values.get(node[1]))
    value = node[1]
    return list(value) if isinstance(value, tuple) else value


def as_json(tree):
    """The tree as JSON-ready nested lists (browser script, REST)."""
    if isinstance(tree, tuple):
        return [as_json(item) for item in tree]
    return tree

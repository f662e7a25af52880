"""Which fields and steps of a form apply to a set of answers.

The server decides, always with the same function (web steps, REST, review,
receipt, submission): a field applies when its fieldset's condition and its
own condition hold, reading only the answers of fields that apply and come
before it (a hidden field counts as unanswered, so hiding cascades).
"""

from Acquisition import aq_base
from comune.istanze.conditions.expression import evaluate
from comune.istanze.conditions.expression import parse
from comune.istanze.conditions.supermodel import stored
from comune.istanze.content.fti import version_schema
from comune.istanze.forms.structure import fieldsets
from dataclasses import dataclass


@dataclass(frozen=True)
class Visibility:
    hidden_fields: frozenset
    hidden_fieldsets: frozenset  # condition false, or every field hidden

    def shows(self, name):
        return name not in self.hidden_fields


def trees(schema):
    """``(field trees, fieldset trees)`` of ``schema`` (parsing is cached)."""
    data = stored(schema)
    return ({n: parse(t) for n, t in data["fields"].items()},
            {n: parse(t) for n, t in data["fieldsets"].items()})


def has_conditions(schema):
    data = stored(schema)
    return bool(data["fields"] or data["fieldsets"])


def visibility(schema, values):
    """:class:`Visibility` of ``schema`` for ``values`` ({name: answer})."""
    field_trees, set_trees = trees(schema)
    known, hidden, hidden_sets = {}, set(), set()
    for fs_name, _label, names in fieldsets(schema):
        applies = fs_name not in set_trees or evaluate(set_trees[fs_name], known)
        for name in names:
            if applies and (name not in field_trees or evaluate(field_trees[name], known)):
                known[name] = values.get(name)
            else:
                hidden.add(name)
        if not applies or all(n in hidden for n in names):
            hidden_sets.add(fs_name)
    return Visibility(frozenset(hidden), frozenset(hidden_sets))


def answers(app, schema=None):
    """The stored answers of ``app`` ({name: value})."""
    if schema is None:
        schema, _model = version_schema(app.application_type(), app.form_version)
    base = aq_base(app)
    return {name: getattr(base, name, None) for name in schema}


def app_visibility(app, overrides=None):
    """:class:`Visibility` of ``app``'s own form version for its stored
    answers, with ``overrides`` ({name: value}) taking their place."""
    schema, _model = version_schema(app.application_type(), app.form_version)
    values = answers(app, schema)
    values.update(overrides or {})
    return visibility(schema, values)


def prune_hidden(app):
    """Clear the stored answers of fields that do not apply; returns their names.

    Called when answers are stored and at submission: an answer given
    before an earlier answer changed (or posted for a hidden field) is
    never kept.
    """
    schema, _model = version_schema(app.application_type(), app.form_version)
    if not has_conditions(schema):
        return []
    values = answers(app, schema)
    hidden = visibility(schema, values).hidden_fields
    base = aq_base(app)
    cleared = [n for n in sorted(hidden) if values.get(n) not in (None, "", [], set(), ())]
    for name in cleared:
        setattr(base, name, schema[name].missing_value)
    return cleared

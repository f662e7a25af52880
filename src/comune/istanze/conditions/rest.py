"""Conditions for headless clients (Volto, a mobile app).

- ``GET /@istanze-tipologie``: each type carries ``conditions`` (this
  module's :func:`form_conditions`), the text and the parsed tree of every
  ``istanze:show-when``, so a client shows and hides as the web form does;
- ``GET <app-url>/@istanze-passi`` (``restapi/journey.py``) includes
  :func:`app_steps`: which steps and fields apply now for the stored
  answers, with their conditions ("sequence", "fieldsets").

The server applies the same conditions whatever the client does: answers
sent (PATCH, ``@istanze``) for fields that do not apply are not stored nor
required (:func:`comune.istanze.restapi.payload.read_answers`).
"""

from comune.istanze.conditions.expression import as_json
from comune.istanze.conditions.visibility import app_visibility
from comune.istanze.conditions.supermodel import stored
from comune.istanze.conditions.visibility import trees
from comune.istanze.content.fti import version_schema
from comune.istanze.forms.steps import steps_for
from comune.istanze.forms.structure import fieldsets
from zope.i18n import translate


LANGUAGE = ("Operatori == != > >= < <= in, and/or/not, parentesi; testi tra virgolette, "
            "numeri con il punto, date AAAA-MM-GG, elenchi [..]. Un campo non risposto o "
            "nascosto non ha valore: ogni confronto è falso tranne !=.")


def _condition(text, tree):
    return {"show_when": text, "tree": as_json(tree)} if text else None


def form_conditions(schema) -> dict:
    """``{"language": ..., "fields": {name: {...}}, "fieldsets": {name: {...}}}``."""
    texts = stored(schema)
    field_trees, set_trees = trees(schema)
    return {
        "language": LANGUAGE,
        "fields": {n: _condition(t, field_trees[n]) for n, t in texts["fields"].items()},
        "fieldsets": {n: _condition(t, set_trees[n]) for n, t in texts["fieldsets"].items()},
    }


def type_conditions(type_obj) -> dict:
    schema, _model = version_schema(type_obj, type_obj.current_form_version)
    return form_conditions(schema)


def app_steps(app, request) -> dict:
    """The steps of ``app`` (those skipped are listed with ``applies`` false)."""
    schema, _model = version_schema(app.application_type(), app.form_version)
    seen = app_visibility(app)
    texts = stored(schema)
    field_trees, set_trees = trees(schema)
    shown = {s.name for s in steps_for(app)}
    steps = []
    for name, label, names in fieldsets(schema):
        steps.append({
            "name": "modulo-" + name,
            "fieldset": name,
            "label": label,
            "applies": "modulo-" + name in shown,
            "condition": _condition(texts["fieldsets"].get(name), set_trees.get(name)),
            "fields": [{
                "name": field,
                "title": str(schema[field].title),
                "applies": seen.shows(field),
                "condition": _condition(texts["fields"].get(field), field_trees.get(field)),
            } for field in names],
        })
    return {
        "@id": f"{app.absolute_url()}/@istanze-passi",
        "form_version": app.form_version,
        "sequence": [{"name": s.name, "label": translate(s.label, context=request), "kind": s.kind}
                     for s in steps_for(app)],
        "steps": steps,
        "language": LANGUAGE,
    }

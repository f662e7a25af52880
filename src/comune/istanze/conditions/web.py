"""Conditions in the citizen's web steps (``@@compila``).

Every field of the step is rendered; one that does not apply has the
``hidden`` attribute (neither visible nor focusable) and every conditional
one carries its condition tree as ``data-istanze-show-when`` for
``++plone++comune.istanze.conditions/conditions.js``, which re-evaluates it
as the citizen types. Without JavaScript, «Aggiorna le domande» posts the
step: the server recomputes what applies and re-renders it with the values
entered (nothing is stored). The server never trusts the page: on every
save it recomputes what applies from the posted and stored answers, drops
(and clears) the answers of fields that do not apply and does not require
them.
"""

from comune.istanze import _
from comune.istanze.conditions.expression import as_json
from comune.istanze.conditions.expression import normal
from comune.istanze.conditions.expression import references
from comune.istanze.conditions.visibility import answers
from comune.istanze.conditions.visibility import prune_hidden
from comune.istanze.conditions.visibility import trees
from comune.istanze.conditions.visibility import visibility
from plone.protect import CheckAuthenticator
from z3c.form import button
from zope.schema.interfaces import IBool
from zope.schema.interfaces import ICollection
from zope.schema.interfaces import IDate
from zope.schema.interfaces import IFloat
from zope.schema.interfaces import IInt
from zope.schema.interfaces import IVocabularyTokenized

import json


def kind_of(field):
    """How the browser script reads the field's inputs."""
    if IInt.providedBy(field) or IFloat.providedBy(field):
        return "number"
    if IBool.providedBy(field):
        return "bool"
    if ICollection.providedBy(field):
        return "multi"
    if IDate.providedBy(field):
        return "date"
    return "text"


def _tokens(field):
    """{token: value} where a choice's token differs from its value."""
    inner = field.value_type if ICollection.providedBy(field) else field
    vocab = getattr(inner, "vocabulary", None)
    if not IVocabularyTokenized.providedBy(vocab):
        return None
    tokens = {t.token: t.value for t in vocab if t.token != t.value}
    return tokens or None


class ConditionalStep:
    """Mixin of the fieldset step form (before :class:`StepForm` in the MRO)."""

    hidden_fields = frozenset()
    notice = None

    def _schema(self):
        return self.fields[next(iter(self.fields))].field.interface if len(self.fields) else None

    def _conditions(self):
        schema = self._schema()
        return trees(schema)[0] if schema is not None else {}

    def _compute(self, data=None):
        """What applies for the stored answers overlaid with ``data`` (the
        valid values extracted from this post; other fields of the step
        count as unanswered)."""
        schema = self._schema()
        if schema is None:
            return
        values = answers(self.context, schema)
        if data is not None:
            values.update({name: data.get(name) for name in self.step.fields})
        self.hidden_fields = visibility(schema, values).hidden_fields

    def update(self):
        super().update()
        if getattr(self, "_extracted", None) is None:
            self._compute()

    def extractData(self, setErrors=True):
        data, errors = super().extractData(setErrors)
        self._compute(data)
        self._extracted = data
        hidden = self.hidden_fields
        for widget in self.widgets.values():
            if widget.field.__name__ in hidden:
                widget.error = None
        errors = tuple(e for e in errors if e.widget is None or e.widget.field.__name__ not in hidden)
        self.widgets.errors = errors
        data = {k: v for k, v in data.items() if k not in hidden}
        return data, errors

    def prune(self):
        """Clear stored answers that no longer apply (called after storing)."""
        prune_hidden(self.context)

    def local_conditions(self):
        """True when a condition reads a field of this very step."""
        mine = set(self.step.fields)
        return any(name in mine and set(references(tree)) & mine
                   for name, tree in self._conditions().items())

    def condition_of(self, widget):
        """Attributes of the wrapper of ``widget``."""
        name = widget.field.__name__
        tree = self._conditions().get(name)
        attrs = {
            "hidden": "hidden" if name in self.hidden_fields else None,
            "data-istanze-field": name,
            "data-istanze-kind": kind_of(widget.field),
            "data-istanze-show-when": json.dumps(as_json(tree)) if tree is not None else None,
        }
        tokens = _tokens(widget.field)
        attrs["data-istanze-tokens"] = json.dumps(tokens) if tokens else None
        return attrs

    def known_answers(self):
        """JSON of the answers of *other* steps the conditions read (the
        script cannot see them in the page); None without conditions."""
        conditions = self._conditions()
        wanted = {n for name, tree in conditions.items() if name in self.step.fields
                  for n in references(tree)} - set(self.step.fields)
        if not any(name in self.step.fields for name in conditions):
            return None
        schema = self._schema()
        stored = answers(self.context, schema)
        hidden = visibility(schema, stored).hidden_fields
        return json.dumps({n: None if n in hidden else _plain(normal(stored.get(n)))
                           for n in sorted(wanted)})

    @button.buttonAndHandler(_("Aggiorna le domande"), name="refresh",
                             condition=lambda form: form.local_conditions())
    def handle_refresh(self, action):
        """No JavaScript: recompute what applies, keep the values, store nothing."""
        CheckAuthenticator(self.request)
        self.extractData(setErrors=False)
        self.widgets.errors = ()
        self.notice = _("Domande aggiornate in base alle risposte date. Nulla è ancora "
                        "stato salvato: prosegui con «Avanti» o «Salva bozza».")


def _plain(value):
    if value is None or isinstance(value, (str, int, float, bool, list)):
        return value
    return str(value)

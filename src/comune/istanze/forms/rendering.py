"""Render an application's answers with the form version it was submitted with.

Used by every place that shows answers: the review page, the receipt, the
PDF/A receipt, the back office, the REST API. Old applications keep
rendering correctly after the form changes (labels, types, vocabularies),
because the schema comes from the frozen version, never from the live FTI.
"""

from Acquisition import aq_base
from comune.istanze.conditions.visibility import app_visibility
from comune.istanze.content.fti import version_schema
from comune.istanze.forms.structure import fieldsets  # noqa: F401 (also imported from here)
from dataclasses import dataclass
from dataclasses import field as dc_field
from datetime import date
from datetime import datetime
from zope.schema.interfaces import IBool
from zope.schema.interfaces import IChoice
from zope.schema.interfaces import ICollection
from zope.schema.interfaces import IVocabularyTokenized


@dataclass
class Row:
    name: str
    title: str
    value: object  # the stored value
    text: str  # human readable, Italian


@dataclass
class Section:
    name: str
    label: str
    rows: list = dc_field(default_factory=list)


def _term_title(field, context, value):
    vocab = field.vocabulary
    if vocab is None and field.vocabularyName:
        try:
            from zope.schema.interfaces import IVocabularyFactory
            from zope.component import getUtility

            vocab = getUtility(IVocabularyFactory, field.vocabularyName)(context)
        except Exception:
            return str(value)
    if IVocabularyTokenized.providedBy(vocab):
        try:
            term = vocab.getTerm(value)
            return str(term.title or term.value)
        except LookupError:
            return str(value)
    return str(value)


def display_text(field, value, context=None):
    """A field value as Italian text."""
    if value is None or value == "" or value == [] or value == set():
        return "—"
    if IBool.providedBy(field):
        return "Sì" if value else "No"
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float):
        return f"{value:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
    if IChoice.providedBy(field):
        return _term_title(field, context, value)
    if ICollection.providedBy(field):
        inner = field.value_type
        return ", ".join(display_text(inner, v, context) for v in value)
    filename = getattr(value, "filename", None)
    if filename is not None:
        return f"{filename} ({value.getSize():,} byte)".replace(",", ".")
    return str(value)


def render_answers(app, language="it"):
    """[Section] of the answers of ``app`` with its own form version (titles
    in ``language`` where the editor wrote them)."""
    from comune.istanze.forms.english import field_texts

    schema, _model = version_schema(app.application_type(), app.form_version)
    base = aq_base(app)
    shown = app_visibility(app)  # only what applied (istanze:show-when)
    sections = []
    for name, label, names in fieldsets(schema, language):
        if name in shown.hidden_fieldsets:
            continue
        section = Section(name, label)
        for fname in (n for n in names if shown.shows(n)):
            field = schema[fname]
            value = getattr(base, fname, None)
            title = field_texts(schema, fname, language)[0]
            section.rows.append(Row(fname, str(title), value, display_text(field, value, app)))
        sections.append(section)
    return sections

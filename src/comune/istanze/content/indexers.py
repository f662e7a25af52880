"""Catalog indexers of applications (metadata read by every listing)."""

from comune.istanze.interfaces import IApplication
from datetime import date
from datetime import timedelta
from plone.indexer import indexer

import re


def _attribute(name):
    """An indexer that returns the application's attribute ``name``."""
    return indexer(IApplication)(lambda obj: getattr(obj, name, None))


# Index or metadata name -> attribute of the application.
ATTRIBUTES = {
    "application_number": "number",
    "applicant_id": "applicant_id",
    "applicant_name": "applicant_name",
    "beneficiary_name": "beneficiary_name",
    "application_submitted": "submitted",
    "assignee": "assignee",
    "auth_method": "auth_method",
    "loa": "loa",
    "form_version": "form_version",
    "predecessor_uid": "predecessor_uid",
}
for _name, _attr in ATTRIBUTES.items():
    globals()[_name] = _attribute(_attr)
del _name, _attr


@indexer(IApplication)
def application_type(obj):
    return obj.application_type().code


@indexer(IApplication)
def due_date(obj):
    if obj.submitted is None:
        return None
    return obj.submitted + timedelta(days=obj.application_type().processing_days or 0)


@indexer(IApplication)
def sortable_title(obj):
    """The type's title, then the application's random id.

    Plone's own key starts with the zero-filled number: every submission
    added the next key at the end of the index, splitting its last bucket
    under concurrent submissions (the first P1 hot spot once the full-text
    indexes were gone). Applications of a type sort together, in no
    meaningful order: the inbox sorts by number and date.
    """
    return f"{(obj.application_type().title or '').lower()} {obj.getId()}"


@indexer(IApplication)
def not_indexed(obj):
    """Applications stay out of Plone's ``SearchableText``, ``Title``,
    ``Description``, ``Creator`` and ``Date`` indexes.

    ZCatalog indexes nothing for None (an empty string would still be
    entered in a text index). Every index a submission writes is one more
    BTree whose bucket splits fail the concurrent submissions, and these were
    P1 hot spots: ZCTextIndex kept the documents of a rare word (a surname)
    in a value rewritten by every add, and every new number grew the
    lexicon; ``Creator`` got a new key per citizen, ``Date`` one per minute.
    Nothing looks applications up by them: the inbox searches numbers, codici
    fiscali and names with ``application_number`` and ``applicant_words``,
    listings read ``application_title``, ``applicant_id`` and
    ``application_submitted``; personal data never enter the site search.
    The metadata columns of these names are None for applications.
    """
    return None


@indexer(IApplication)
def application_title(obj):
    return obj.title


@indexer(IApplication)
def applicant_words(obj):
    """Lower-case words of the applicant's and beneficiary's names and codes.

    A KeywordIndex keeps one IITreeSet per word: concurrent inserts of
    different applications into the same word's set are resolved by ZODB.
    """
    words = set()
    for value in (obj.applicant_name, obj.beneficiary_name, obj.applicant_id, obj.beneficiary_id):
        words.update(w for w in re.split(r"[^\w]+", (value or "").lower()) if w)
    return sorted(words)


SCALAR_TYPES = (bool, int, float, date)


@indexer(IApplication)
def ranking_values(obj):
    """Scalar answers (numbers, yes/no, dates, short choices) for rankings.

    Rankings of tens of thousands of applications read them from catalog
    metadata instead of waking every application. Free text never goes here.
    """
    from comune.istanze.content.fti import version_schema
    from Acquisition import aq_base

    if obj.form_version is None:
        return None
    schema, _model = version_schema(obj.application_type(), obj.form_version)
    base = aq_base(obj)
    values = {}
    for name in schema.names():
        value = getattr(base, name, None)
        if isinstance(value, SCALAR_TYPES) or (isinstance(value, str) and len(value) <= 64):
            values[name] = value
    values["submitted"] = obj.submitted
    return values


@indexer(IApplication)
def citizen_state_title(obj):
    """The citizen's title of the state in the application's own workflow
    (custom workflows only: the default one's titles are translated msgids)."""
    from comune.istanze.workflow.custom import citizen_title

    return citizen_title(obj)

"""Definition versions of a type: the whole XML each time it was published.

:func:`record_version` runs when the type is published or a published type is
changed (:func:`comune.istanze.content.fti.publish`): when its XML (settings,
form, workflow, ranking rules, offices) differs from the last version, it is
kept as version n+1 with who and when. Applications record the version they
were created with (``definition_version``); :func:`diff_rows` compares two
versions line by line for the versions page.
"""

from BTrees.IOBTree import IOBTree
from comune.istanze.exchange.document import export_type
from comune.istanze.persistence import stored
from datetime import datetime
from persistent.mapping import PersistentMapping
from plone import api

import difflib


def definition_versions(type_obj, create=False):
    """{number: {"xml", "when", "who", "form_version"}} (IOBTree) or None."""
    return stored(type_obj, "_definition_versions", IOBTree if create else None)


def current_definition_version(type_obj):
    versions = definition_versions(type_obj)
    return versions.maxKey() if versions else 0


def record_version(type_obj):
    """Keep the type's XML as a new version when it changed; returns the number."""
    xml = export_type(type_obj).decode("utf-8")
    versions = definition_versions(type_obj, create=True)
    current = versions.maxKey() if versions else 0
    if current and versions[current]["xml"] == xml:
        return current
    versions[current + 1] = PersistentMapping(
        xml=xml, when=datetime.now(), who=api.user.get_current().getId(),
        form_version=type_obj.current_form_version)
    return current + 1


def listing(type_obj):
    """Versions, newest first, as plain dicts (no XML)."""
    versions = definition_versions(type_obj) or {}
    return [dict(number=number, when=v["when"], who=v["who"], form_version=v["form_version"])
            for number, v in reversed(list(versions.items()))]


def diff_rows(type_obj, old, new, context=3):
    """Unified-diff rows ``(kind, old_line, new_line, text)`` between versions
    ``old`` and ``new``; kind is "same", "removed", "added" or "gap"."""
    versions = definition_versions(type_obj) or {}
    a = versions[old]["xml"].splitlines()
    b = versions[new]["xml"].splitlines()
    rows = []
    for group in difflib.SequenceMatcher(None, a, b, autojunk=False).get_grouped_opcodes(context):
        if rows:
            rows.append(("gap", None, None, "…"))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                rows.extend(("same", i + 1, j1 + (i - i1) + 1, a[i]) for i in range(i1, i2))
                continue
            rows.extend(("removed", i + 1, None, a[i]) for i in range(i1, i2))
            rows.extend(("added", None, j + 1, b[j]) for j in range(j1, j2))
    return rows


def unified_diff(type_obj, old, new):
    """The same comparison as plain unified-diff text (REST, downloads)."""
    versions = definition_versions(type_obj) or {}
    return "\n".join(difflib.unified_diff(
        versions[old]["xml"].splitlines(), versions[new]["xml"].splitlines(),
        fromfile=f"versione-{old}.xml", tofile=f"versione-{new}.xml", lineterm=""))

"""The order of a form: its fieldsets (steps) and their fields.

Shared by the steps, the rendering of answers and the conditions (which may
only read answers given *before* the field or step they guard).
"""

from plone.supermodel.interfaces import FIELDSETS_KEY
from plone.supermodel.utils import mergedTaggedValueList
from zope.schema import getFieldsInOrder


def fieldsets(schema, language="it"):
    """[(name, label, [field names])]: the default fieldset first; labels in
    ``language`` when the editor wrote them (:mod:`comune.istanze.forms.english`)."""
    from comune.istanze.forms.english import fieldset_label

    sets = mergedTaggedValueList(schema, FIELDSETS_KEY)
    grouped = {n for fs in sets for n in fs.fields}
    default = [n for n, _f in getFieldsInOrder(schema) if n not in grouped]
    result = [("default", "Data" if language == "en" else "Dati", default)] if default else []
    for fs in sets:
        names = [n for n in fs.fields if n in schema]
        if names:
            label = fieldset_label(schema, fs.__name__, str(fs.label or fs.__name__), language)
            result.append((fs.__name__, label, names))
    return result


def field_order(schema):
    """[(field name, fieldset name)] in the order the citizen meets them."""
    return [(name, fs) for fs, _label, names in fieldsets(schema) for name in names]

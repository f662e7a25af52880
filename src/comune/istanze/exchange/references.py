"""References of an imported type that the target site may lack, and mapping.

A mapping is a flat dict of strings (the import form's fields, the REST
payload's ``mapping``); its keys:

- ``valore:<campo>:<valore>`` a value a choice field's vocabulary lacks;
- ``codice:<CODICE>``        the chained type's code (``chain_type_code``);
- ``validatore:<nome>``      a field validator of the form not installed here;
- ``ufficio:<gruppo>``       a group (office) with local roles;
- ``codice-tipologia``       a new code when the type's code is taken here;
- ``id``                     a new short name when the id is taken in the folder.

The value is what to use instead; an empty value drops the reference
(the value, the chain, the validator, the office's roles).
"""

from comune.istanze import _
from comune.istanze.forms.interfaces import IFieldValidator
from comune.istanze.forms.interfaces import NAMESPACE as FORM_NS
from dataclasses import dataclass
from plone import api
from zope.component import getUtilitiesFor
from zope.schema.interfaces import IChoice
from zope.schema.interfaces import ICollection
from zope.schema.interfaces import IVocabularyTokenized


VALIDATOR_ATTR = "{%s}validator" % FORM_NS


@dataclass(frozen=True)
class Reference:
    """Something the document names and this site lacks."""

    key: str
    label: object  # Italian message
    value: str
    options: tuple = ()  # (value, title) the mapping may choose from
    line: int = None


def _choice(field):
    if IChoice.providedBy(field):
        return field
    if ICollection.providedBy(field) and IChoice.providedBy(field.value_type):
        return field.value_type
    return None


def _vocabulary(choice, context):
    bound = choice.bind(context)
    vocabulary = bound.vocabulary
    return vocabulary if IVocabularyTokenized.providedBy(vocabulary) else None


def _options(vocabulary):
    return tuple((term.value, str(term.title or term.value)) for term in vocabulary)


def map_choices(values, container, mapping, references):
    """Replace (or drop) choice values missing here; report the unmapped ones.
    Returns the names of the fields left with unmapped values."""
    unresolved = set()
    for name, (field, schema, value, line) in list(values.items()):
        choice = _choice(field)
        if choice is None or value is None:
            continue
        vocabulary = _vocabulary(choice, container)
        if vocabulary is None:
            continue
        single = IChoice.providedBy(field)
        kept = []
        for member in ([value] if single else list(value)):
            if member in vocabulary:
                kept.append(member)
                continue
            key = f"valore:{name}:{member}"
            if key in mapping:
                if mapping[key]:
                    kept.append(mapping[key])
                continue
            references.append(Reference(
                key, _("Valore «${value}» dell'impostazione «${name}»: non previsto in questo sito",
                       mapping={"value": member, "name": name}),
                str(member), _options(vocabulary), line))
            kept.append(member)
            unresolved.add(name)
        new = (kept[0] if kept else None) if single else field._type(kept)
        values[name] = (field, schema, new, line)
    return unresolved


def type_codes(exclude=None):
    """Codes of the application types of this site (few objects: the types)."""
    codes = set()
    for brain in api.content.find(portal_type="ApplicationType", unrestricted=True):
        obj = brain._unrestrictedGetObject()
        if obj is not exclude and obj.code:
            codes.add(obj.code)
    return codes


def map_chain(values, codes, mapping, references):
    entry = values.get("chain_type_code")
    if not entry or not entry[2]:
        return
    field, schema, code, line = entry
    own = values.get("code", (None, None, None, None))[2]
    if code in codes or code == own:
        return
    key = f"codice:{code}"
    if key in mapping:
        values["chain_type_code"] = (field, schema, mapping[key] or None, line)
        if not mapping[key] and "chain_states" in values:
            f, s, _v, ln = values["chain_states"]
            values["chain_states"] = (f, s, [], ln)
        return
    references.append(Reference(
        key, _("La tipologia collegata con codice «${code}» non esiste in questo sito",
               mapping={"code": code}),
        code, tuple((c, c) for c in sorted(codes)), line))


def map_validators(model, mapping, references):
    """Rename or drop ``istanze:validator`` attributes of validators missing here."""
    known = {name: utility for name, utility in getUtilitiesFor(IFieldValidator)}
    options = tuple((name, str(u.title)) for name, u in sorted(known.items()))
    for node in model.iter():
        name = node.get(VALIDATOR_ATTR) if isinstance(node.tag, str) else None
        if not name or name in known:
            continue
        key = f"validatore:{name}"
        if key not in mapping:
            references.append(Reference(
                key, _("Il controllo «${name}» del campo «${field}» non è installato in questo "
                       "sito", mapping={"name": name, "field": node.get("name") or ""}),
                name, options, node.sourceline))
        elif mapping[key]:
            node.set(VALIDATOR_ATTR, mapping[key])
        else:
            for attr in ("validator", "min", "max"):
                node.attrib.pop("{%s}%s" % (FORM_NS, attr), None)


def map_offices(offices, mapping, references):
    """((group, roles), ...) with mapped groups; missing groups reported."""
    groups = api.portal.get_tool("portal_groups")
    result = []
    for group, roles, line in offices:
        if groups.getGroupById(group) is not None:
            result.append((group, roles))
            continue
        key = f"ufficio:{group}"
        if key in mapping:
            if mapping[key]:
                result.append((mapping[key], roles))
            continue
        options = tuple((g.getId(), g.getGroupTitleOrName()) for g in groups.listGroups())
        references.append(Reference(
            key, _("L'ufficio (gruppo) «${group}» non esiste in questo sito",
                   mapping={"group": group}), group, options, line))
    return result

"""Import a type's XML into a folder: all or nothing.

1. :func:`~.validation.parse_document`: well-formed, valid against the XSD;
2. :func:`plan`: every value read and checked in memory (settings with their
   fields' validation and the type's invariants, the form with the form rules,
   the workflow, the ranking rules), references this site lacks reported or
   mapped (:mod:`.references`); nothing is written;
3. :func:`create`: the type is created from the plan inside a savepoint; any
   failure rolls it back, so a refused import leaves no object.

The imported type stays private (to review, adapt and publish) unless
``publish`` is asked.
"""

from comune.istanze import _
from comune.istanze.content.application_type import IApplicationTypeSchema
from comune.istanze.content.fti import FormModelError
from comune.istanze.exchange import references as refs
from comune.istanze.exchange.document import fragment_text
from comune.istanze.exchange.document import NAMESPACE
from comune.istanze.exchange.settings import check_value
from comune.istanze.exchange.settings import read_settings
from comune.istanze.exchange.settings import SettingError
from comune.istanze.exchange.validation import ImportRefused
from comune.istanze.exchange.validation import parse_document
from comune.istanze.exchange.validation import Problem
from comune.istanze.forms.designer import check_model
from comune.istanze.ranking.rules import compile_rules
from comune.istanze.ranking.rules import RuleError
from comune.istanze.ranking.storage import ranking_of
from comune.istanze.workflow.custom import apply_definition
from comune.istanze.workflow.definition import canonical
from comune.istanze.workflow.definition import DefinitionError
from dataclasses import dataclass
from dataclasses import field as dc_field
from plone import api
from plone.dexterity.utils import iterSchemataForType
from types import SimpleNamespace
from zope.interface import Invalid

import json
import transaction


@dataclass
class Plan:
    values: dict
    form_xml: str
    workflow_xml: str = None
    rules: dict = None
    offices: list = dc_field(default_factory=list)


def _child(root, name):
    return root.find("{%s}%s" % (NAMESPACE, name))


def _workflow_check(xml, line):
    """Problems of the workflow definition (the type-workflow module's checks)."""
    try:
        canonical(xml)
    except DefinitionError as exc:
        return [Problem(_("Flusso di lavoro (dalla riga ${line} del documento): ${error}",
                          mapping={"line": line, "error": exc.message}), line)]
    return []


def _offices(root):
    element = _child(root, "uffici")
    if element is None:
        return []
    return [(o.get("gruppo"), o.get("ruoli").split(), o.sourceline) for o in element]


def _invariants(values, form_xml, problems):
    data = {name: field.default for name, field in
            ((n, IApplicationTypeSchema[n]) for n in IApplicationTypeSchema.names(all=True))}
    data.update({name: entry[2] for name, entry in values.items()})
    data["form_model"] = form_xml
    errors = []
    try:
        IApplicationTypeSchema.validateInvariants(SimpleNamespace(**data), errors)
    except Invalid:
        problems.extend(Problem(e.args[0] if e.args else str(e)) for e in errors)


def _ranking(root, form_model, problems):
    element = _child(root, "graduatoria")
    if element is None:
        return None
    try:
        rules = json.loads(element.text or "")
        fields = set(form_model.schema.names()) if form_model is not None else set()
        compile_rules(rules, fields)
    except ValueError as exc:
        message = exc.message if isinstance(exc, RuleError) else str(exc)
        problems.append(Problem(_("Riga ${line}: regole della graduatoria non valide: ${error}",
                                  mapping={"line": element.sourceline, "error": message}),
                                element.sourceline))
        return None
    return rules


def _identity(values, container, mapping, references):
    """Code and short name free in this site (or mapped)."""
    entry = values.get("code")
    if entry and entry[2] in refs.type_codes():
        new = mapping.get("codice-tipologia")
        if new:
            values["code"] = (entry[0], entry[1], new, entry[3])
        if not new or new in refs.type_codes():
            references.append(refs.Reference(
                "codice-tipologia",
                _("Il codice «${code}» è già usato da un'altra tipologia di questo sito",
                  mapping={"code": new or entry[2]}), new or entry[2], (), entry[3]))
    entry = values.get("id")
    if entry and entry[2] and entry[2] in container.objectIds():
        new = mapping.get("id")
        if new:
            values["id"] = (entry[0], entry[1], new, entry[3])
        if not new or new in container.objectIds():
            references.append(refs.Reference(
                "id", _("Il nome breve «${id}» è già usato in questa cartella",
                        mapping={"id": new or entry[2]}), new or entry[2], (), entry[3]))


def plan(data, container, mapping=None):
    """Everything to create, checked; or raise :class:`ImportRefused`."""
    mapping = {k: (v or "").strip() for k, v in (mapping or {}).items()}
    root = parse_document(data)
    schemata = tuple(iterSchemataForType("ApplicationType"))
    values, errors = read_settings(_child(root, "impostazioni"), schemata)
    problems = [Problem(e.message, e.line) for e in errors]
    references = []
    unresolved = refs.map_choices(values, container, mapping, references)
    refs.map_chain(values, refs.type_codes(), mapping, references)
    _identity(values, container, mapping, references)
    model_element = _child(root, "modulo")[0]
    refs.map_validators(model_element, mapping, references)
    form_xml = fragment_text(model_element)
    form_model = None
    try:
        form_model = check_model(form_xml)
    except FormModelError as exc:
        problems.append(Problem(_("Riga ${line}: modulo non valido: ${error}",
                                  mapping={"line": model_element.sourceline,
                                           "error": exc.args[0]}), model_element.sourceline))
    workflow = _child(root, "flusso")
    workflow_xml = fragment_text(workflow[0]) if workflow is not None else None
    if workflow_xml:
        problems.extend(_workflow_check(workflow_xml, workflow.sourceline))
    rules = _ranking(root, form_model, problems)
    offices = refs.map_offices(_offices(root), mapping, references)
    for name, (field, _schema, value, line) in values.items():
        if name in unresolved:
            continue
        error = check_value(name, field, value, line, container)
        if error is not None:
            problems.append(Problem(error.message, line))
    if not problems:
        _invariants(values, form_xml, problems)
    if problems or references:
        raise ImportRefused(problems, references)
    return Plan(values, form_xml, workflow_xml, rules, offices)


def create(the_plan, container, publish=False):
    """Create the planned type in ``container``; all or nothing."""
    savepoint = transaction.savepoint()
    try:
        return _create(the_plan, container, publish)
    except (ValueError, Invalid, SettingError, KeyError) as exc:  # DefinitionError too
        savepoint.rollback()
        message = getattr(exc, "message", None) or (exc.args[0] if exc.args else str(exc))
        raise ImportRefused([Problem(_("Creazione non riuscita, nulla è stato creato: "
                                       "${error}", mapping={"error": message}))]) from exc


def _create(the_plan, container, publish):
    values = dict(the_plan.values)
    short_name = values.pop("id", (None, None, None, None))[2]
    title = values.pop("title")[2]
    with api.env.adopt_roles(["Manager"]):
        obj = api.content.create(container=container, type="ApplicationType", id=short_name,
                                 title=title, form_model=the_plan.form_xml,
                                 safe_id=short_name is None)
    for name, (field, schema, value, _line) in values.items():
        field.set(schema(obj), value)
    if the_plan.rules is not None:
        ranking = ranking_of(obj, create=True)
        ranking.rules = the_plan.rules
        ranking.log("rules", "regole importate")
    for group, roles in the_plan.offices:
        obj.manage_addLocalRoles(group, roles)
    if the_plan.workflow_xml:
        apply_definition(obj, the_plan.workflow_xml)
    obj.reindexObject()
    obj.reindexObjectSecurity()
    if publish:
        with api.env.adopt_roles(["Manager"]):
            api.content.transition(obj=obj, transition="publish")
    return obj


def import_type(data, container, mapping=None, publish=False):
    """Plan then create; returns the new type or raises :class:`ImportRefused`."""
    return create(plan(data, container, mapping), container, publish)

"""One DCWorkflow per distinct type workflow definition, in ``portal_workflow``.

The product's ``istanza_workflow`` (GenericSetup) is the default definition
and the template: a custom definition gets a copy of it whose id is the hash
of its canonical XML (``istanza_workflow_<hash>``), so a definition never
changes once generated and identical definitions share one workflow. Each
state keeps the permission map of the product's state with the same id; an
office state ("sopralluogo") takes the map of ``in_review``. Transitions
carry their kind (``istanze_kind``) and a guard by kind: the applicant's
kinds by the Richiedente role, decisions by "Decide applications", the
others by "Work applications", narrowed to the roles the definition names.
"""

from Acquisition import aq_base
from comune.istanze.workflow.definition import default_canonical
from comune.istanze.workflow.definition import parse
from persistent.mapping import PersistentMapping
from plone import api

import hashlib


DEFAULT_ID = "istanza_workflow"
PREFIX = DEFAULT_ID + "_"
WORK = "comune.istanze: Work applications"
DECIDE = "comune.istanze: Decide applications"
GUARD_PERMISSION = {"submit": "Modify portal content", "accept": DECIDE, "reject": DECIDE,
                    "office": WORK, "request_integration": WORK, "close": WORK}
ALWAYS = ("Manager", "Site Administrator")


def workflow_id(xml):
    """The id of the DCWorkflow of the canonical definition ``xml``."""
    if not xml or xml == default_canonical():
        return DEFAULT_ID
    return PREFIX + hashlib.sha256(xml.encode("utf-8")).hexdigest()[:16]


def _guard(t):
    if t.kind in ("withdraw", "reply_integration"):
        return {"guard_roles": "Richiedente"}
    props = {"guard_permissions": GUARD_PERMISSION[t.kind]}
    if t.roles:
        props["guard_roles"] = ";".join((*t.roles, *ALWAYS))
    return props


def _copy_map(permission_roles):
    return PersistentMapping({p: (tuple(r) if isinstance(r, tuple) else list(r))
                              for p, r in (permission_roles or {}).items()})


def _replace_states(wf, template, defn):
    keep = {s.id for s in defn.states}
    wf.states.deleteStates([s for s in wf.states.objectIds() if s not in keep])
    for s in defn.states:
        if s.id not in wf.states.objectIds():
            wf.states.addState(s.id)
            model = template.states["in_review"]
        else:
            model = template.states[s.id]
        state = wf.states[s.id]
        state.permission_roles = _copy_map(model.permission_roles)
        state.title = str(s.title)
        state.transitions = tuple(t.id for t in defn.exits(s.id))
        state.istanze_citizen_title = str(s.shown_to_citizen)


def _replace_transitions(wf, defn):
    wf.transitions.deleteTransitions(list(wf.transitions.objectIds()))
    for t in defn.transitions:
        wf.transitions.addTransition(t.id)
        tdef = wf.transitions[t.id]
        tdef.setProperties(
            str(t.title), t.target, actbox_name=str(t.title), actbox_category="workflow",
            actbox_url=f"%(content_url)s/content_status_modify?workflow_action={t.id}",
            props=_guard(t))
        tdef.istanze_kind = t.kind


def ensure_workflow(xml):
    """The workflow id of canonical ``xml``, generating the workflow if missing."""
    wf_id = workflow_id(xml)
    tool = api.portal.get_tool("portal_workflow")
    if wf_id in tool.objectIds():
        return wf_id
    template = tool[DEFAULT_ID]
    defn = parse(xml)
    copy = aq_base(template)._getCopy(tool)
    copy._setId(wf_id)
    tool._setObject(wf_id, copy)
    wf = tool[wf_id]
    wf.title = "Flusso personalizzato delle istanze"
    _replace_states(wf, template, defn)
    _replace_transitions(wf, defn)
    return wf_id

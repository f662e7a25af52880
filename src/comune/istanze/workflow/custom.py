"""A workflow per application type, versioned like the form.

The type keeps its definitions (our XML, :mod:`.definition`) in
``workflow_versions`` (version number -> canonical XML, never changed once
stored); a new draft records the type's current ``workflow_version`` and the
id of its workflow (``_workflow_id``): a later change of the type's workflow
creates a new version and never moves an existing application. Without any
version (types and applications older than 1004) the product's default
``istanza_workflow`` applies.

* :func:`definition_xml` / :func:`apply_definition`: export and import of a
  type's current definition (the one-XML export of the type embeds it).
* :func:`application_chain`: the ``IWorkflowChain`` adapter of applications
  (Plone's workflow tool asks it for every object): the application's own
  workflow, so ``@workflow``, the state menu and ``content_status_modify``
  offer exactly the transitions of that version.
"""

from Acquisition import aq_base
from comune.istanze.workflow.definition import canonical
from comune.istanze.workflow.definition import default_canonical
from comune.istanze.workflow.definition import parse
from comune.istanze.workflow.generate import DEFAULT_ID
from comune.istanze.workflow.generate import ensure_workflow
from comune.istanze.workflow.generate import workflow_id
from comune.istanze.interfaces import IApplication
from plone import api
from plone.base.interfaces import IWorkflowChain
from Products.CMFCore.interfaces import IWorkflowTool
from zope.component import adapter
from zope.interface import implementer

import functools


def versions_of(type_obj):
    """{version: canonical XML} of ``type_obj`` (read-only view, may be empty)."""
    return getattr(aq_base(type_obj), "_workflow_versions", None) or {}


def current_version(type_obj):
    versions = versions_of(type_obj)
    return max(versions.keys()) if len(versions) else 0


def definition_xml(type_obj, version=None):
    """The XML of ``version`` (default: the current one) of the type's workflow."""
    version = version or current_version(type_obj)
    return versions_of(type_obj)[version] if version else default_canonical()


def apply_definition(type_obj, xml):
    """Validate ``xml`` and make it the type's workflow: a new version when it
    differs from the current one. Raises DefinitionError (Italian, with the
    line) before anything is written. Returns the current version number."""
    xml = canonical(xml)
    current = current_version(type_obj)
    if current and versions_of(type_obj)[current] == xml:
        return current
    ensure_workflow(xml)
    type_obj.workflow_versions[current + 1] = xml
    from comune.istanze.backoffice import audit

    audit.record_type(type_obj, "workflow", f"versione {current + 1}")
    return current + 1


@functools.lru_cache(maxsize=256)
def _parsed(xml):
    return parse(xml)


def definition_of(type_obj, version=None):
    """The parsed :class:`~.definition.Definition` of a version (cached by text)."""
    return _parsed(definition_xml(type_obj, version))


def pin(type_obj, app):
    """Give a new draft the type's current workflow version (before adding it)."""
    version = current_version(type_obj)
    app.workflow_version = version or None
    app._workflow_id = ensure_workflow(versions_of(type_obj)[version]) if version else DEFAULT_ID


def repin_draft(app):
    """Move a draft to the type's current workflow version before it is
    submitted: an application keeps the version it was *submitted* with.
    The draft's history (its creation) moves to the new workflow's key."""
    type_obj = app.application_type()
    version = current_version(type_obj) or None
    if app.workflow_version == version or api.content.get_state(app) != "draft":
        return False
    old = workflow_id_of(app)
    pin(type_obj, app)
    new = workflow_id_of(app)
    if new != old:
        history = app.workflow_history
        history[new] = history.get(old, ())
        del history[old]
        api.portal.get_tool("portal_workflow")[new].updateRoleMappingsFor(app)
        app.reindexObjectSecurity()
    return True


def app_definition(app):
    """The parsed definition ``app`` follows."""
    version = getattr(aq_base(app), "workflow_version", None)
    if not version:
        return _parsed(default_canonical())
    return definition_of(app.application_type(), version)


def workflow_id_of(app):
    return getattr(aq_base(app), "_workflow_id", None) or DEFAULT_ID


def office_states(codes=None):
    """{state id: staff title} of the office states ("sopralluogo") of the
    types with ``codes`` (all types by default), over all their versions."""
    from comune.istanze.interfaces import IApplicationType
    from comune.istanze.workflow.definition import RESERVED

    catalog = api.portal.get_tool("portal_catalog")
    found = {}
    for brain in catalog.unrestrictedSearchResults(object_provides=IApplicationType.__identifier__):
        type_obj = brain._unrestrictedGetObject()
        if codes is not None and type_obj.code not in codes:
            continue
        for xml in versions_of(type_obj).values():
            for state in _parsed(xml).states:
                if state.id not in RESERVED:
                    found.setdefault(state.id, state.title)
    return found


def state_title(app, state=None, citizen=True):
    """The title of ``state`` (default: the current one) in ``app``'s own
    workflow: the citizen's title, or the office's with ``citizen=False``."""
    wf = api.portal.get_tool("portal_workflow").get(workflow_id_of(app))
    state = state or api.content.get_state(app)
    definition = wf.states.get(state) if wf is not None else None
    if definition is None:
        return state
    shown = getattr(definition, "istanze_citizen_title", None) if citizen else None
    return shown or definition.title


def citizen_title(app):
    """The citizen's title of ``app``'s state when its workflow is a type's own
    (None for the default workflow: its titles are the product's msgids)."""
    wf_id = workflow_id_of(app)
    if wf_id == DEFAULT_ID:
        return None
    wf = api.portal.get_tool("portal_workflow").get(wf_id)
    state = wf.states.get(api.content.get_state(app)) if wf is not None else None
    return getattr(state, "istanze_citizen_title", None) if state is not None else None


@adapter(IApplication, IWorkflowTool)
@implementer(IWorkflowChain)
def application_chain(app, tool):
    return (workflow_id_of(app),)


__all__ = ("definition_xml", "apply_definition", "workflow_id", "definition_of",
           "app_definition", "pin", "workflow_id_of", "application_chain")

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


def app_definition(app):
    """The parsed definition ``app`` follows."""
    version = getattr(aq_base(app), "workflow_version", None)
    if not version:
        return _parsed(default_canonical())
    return definition_of(app.application_type(), version)


def workflow_id_of(app):
    return getattr(aq_base(app), "_workflow_id", None) or DEFAULT_ID


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

"""Publishing an application type makes it a real Dexterity content type.

The FTI's model is the type's current form XML; the class is
:class:`comune.istanze.content.application.Application`, the behaviors are the
application behaviors, the workflow chain is ``istanza_workflow``.

Every change of the form of a published type freezes a new *form version*;
applications record the version they were submitted with and are always
rendered with it (:func:`version_schema`).
"""

from comune.istanze.content.arrivals import ensure_arrivals
from comune.istanze import _
from comune.istanze.forms.validators import finite_numbers
from plone.dexterity.fti import DexterityFTI
from plone.supermodel import loadString
from plone.supermodel.parser import SupermodelParseError
from Products.CMFCore.utils import getToolByName
from zope.container.interfaces import IContainerModifiedEvent
from zope.interface import Invalid

import hashlib
import threading


APPLICATION_CLASS = "comune.istanze.content.application.Application"
APPLICATION_BEHAVIORS = (
    "comune.istanze.application",
    "plone.locking",
)
WORKFLOW_ID = "istanza_workflow"
PORTAL_TYPE_PREFIX = "istanza_"

_schema_cache = {}
_schema_lock = threading.Lock()


class FormModelError(Invalid):
    """The form XML cannot be used."""


def parse_model(xml):
    """Parse supermodel XML; raise :class:`FormModelError` in Italian."""
    try:
        return loadString(xml, policy="dexterity")
    except (SupermodelParseError, Exception) as exc:  # lxml, dotted names...
        raise FormModelError(
            _(
                "Il modulo non è un XML plone.supermodel valido: ${error}",
                mapping={"error": str(exc).splitlines()[0] if str(exc) else type(exc).__name__},
            )
        ) from exc


def portal_type_for(type_obj):
    return type_obj.published_type or PORTAL_TYPE_PREFIX + type_obj.code.lower()


def is_published(type_obj):
    wf = getToolByName(type_obj, "portal_workflow")
    return wf.getInfoFor(type_obj, "review_state", None) == "published"


def freeze_form_version(type_obj):
    """Store the current form XML and fee definition as a new version if
    either changed (the fee is part of the versioned definition: an
    application keeps the fee of its version, see :mod:`comune.istanze.fees`).

    Returns the current version number.
    """
    from comune.istanze.fees.fields import definition_of
    from comune.istanze.fees.fields import fee_versions
    from comune.istanze.fees.fields import frozen_fee

    xml = type_obj.form_model
    parse_model(xml)
    fee = definition_of(type_obj)
    fee = fee if fee["when"] != "none" else None  # no fee: nothing frozen
    versions = type_obj.form_versions
    current = type_obj.current_form_version
    if current and versions[current] == xml and frozen_fee(type_obj, current) == fee:
        return current
    versions[current + 1] = xml
    if fee is not None:
        fee_versions(type_obj)[current + 1] = fee
    return current + 1


def publish(type_obj):
    """Create or update the FTI of ``type_obj``; freeze its form version."""
    version = freeze_form_version(type_obj)
    portal_type = portal_type_for(type_obj)
    types_tool = getToolByName(type_obj, "portal_types")
    fti = types_tool.get(portal_type)
    if fti is None:
        fti = DexterityFTI(portal_type)
        types_tool._setObject(portal_type, fti)
        fti = types_tool[portal_type]
        wf = getToolByName(type_obj, "portal_workflow")
        wf.setChainForPortalTypes((portal_type,), (WORKFLOW_ID,))
    wanted = dict(
        title=type_obj.title,
        description=type_obj.description or "",
        klass=APPLICATION_CLASS,
        behaviors=APPLICATION_BEHAVIORS,
        model_source=type_obj.form_versions[version],
        model_file="",
        schema="",
        global_allow=False,
        filter_content_types=True,
        allowed_content_types=(),
        add_permission="comune.istanze.Apply",
        icon_expr="string:contenttype/document",
    )
    changed = {k: v for k, v in wanted.items() if getattr(fti, k, None) != v}
    if changed:  # writing an FTI invalidates every cached schema: only if needed
        fti.manage_changeProperties(**changed)
    if type_obj.published_type != portal_type:
        type_obj.published_type = portal_type
    ensure_arrivals(type_obj)  # before the first citizen: never on the hot path
    _allow_in_container(types_tool, type_obj.portal_type, portal_type)
    from comune.istanze.exchange.versions import record_version

    record_version(type_obj)  # the whole definition (settings, form, workflow...)
    return portal_type


def _allow_in_container(types_tool, container_type, portal_type):
    container_fti = types_tool.get(container_type)
    allowed = tuple(container_fti.allowed_content_types)
    if portal_type not in allowed:
        container_fti.manage_changeProperties(allowed_content_types=allowed + (portal_type,))


def remove_fti(portal, portal_type):
    types_tool = getToolByName(portal, "portal_types")
    if portal_type in types_tool.objectIds():
        types_tool.manage_delObjects([portal_type])


def version_schema(type_obj, version):
    """The schema interface of form ``version`` of ``type_obj`` (cached).

    The XML of a version never changes, so the cache key is its hash.
    Its numbers must be finite (:func:`~comune.istanze.forms.validators.finite_numbers`):
    the web form steps and the REST deserialiser both validate with it.
    """
    xml = type_obj.form_versions[version]
    key = hashlib.sha256(xml.encode("utf-8")).hexdigest()
    with _schema_lock:
        model = _schema_cache.get(key)
        if model is None:
            model = parse_model(xml)
            finite_numbers(model.schema)
            _schema_cache[key] = model
    return model.schema, model


def on_type_transition(type_obj, event):
    if event.action == "publish":
        publish(type_obj)


def on_type_modified(type_obj, event):
    # Adding an application fires IContainerModifiedEvent on the type: that
    # is the hot path of a deadline and must not write the type or its FTI.
    if IContainerModifiedEvent.providedBy(event):
        return
    if type_obj.published_type and is_published(type_obj):
        publish(type_obj)

"""GenericSetup handlers: install, uninstall, hidden profiles."""

from Acquisition import aq_inner
from Acquisition import aq_parent
from comune.istanze.access import title_applicant_role
from comune.istanze.content.fti import PORTAL_TYPE_PREFIX
from comune.istanze.content.fti import WORKFLOW_ID
from pas.plugins.authomatic.interfaces import IPasPluginsAuthomaticSettings
from plone.base.interfaces import INonInstallable
from plone.registry.interfaces import IRegistry
from Products.CMFCore.utils import getToolByName
from zope.component import queryUtility
from zope.interface import implementer


@implementer(INonInstallable)
class HiddenProfiles:
    def getNonInstallableProfiles(self):
        # The demo (published passwords) only through `make start`.
        return ["comune.istanze:uninstall", "comune.istanze:demo"]

    def getNonInstallableProducts(self):
        return []


def post_install(context):
    """Post install script: the applicant role's title, a random
    pas.plugins.authomatic secret per site, the service accounts' PAS plugin,
    Italian and English offered."""
    from comune.istanze.integrations.spid.secret import renew_secret
    from comune.istanze.languages import enable_language_choice
    from comune.istanze.frontdesk import title_roles
    from comune.istanze.service_accounts.plugin import install as install_service_accounts

    renew_secret()
    portal = aq_parent(aq_inner(context))
    title_applicant_role(portal)
    install_service_accounts(portal)
    enable_language_choice()
    title_roles(portal)


def generated_types(portal):
    types_tool = getToolByName(portal, "portal_types")
    return [
        fti.getId()
        for fti in types_tool.objectValues()
        if fti.getId().startswith(PORTAL_TYPE_PREFIX)
        and getattr(fti, "klass", "").startswith("comune.istanze.")
    ]


def uninstall(setup_tool):
    """Remove what the add-on generated; content stays in the database.

    Generated FTIs, the ApplicationType and StatisticsPage FTIs and the
    workflow are removed so that the site keeps working without the add-on's
    code paths, and pas.plugins.authomatic gets back its own defaults when its
    configuration still names our SPID/CIE provider. As a GenericSetup
    post_handler it receives portal_setup.
    """
    portal = aq_parent(aq_inner(setup_tool))
    types_tool = getToolByName(portal, "portal_types")
    wf_tool = getToolByName(portal, "portal_workflow")
    doomed = generated_types(portal) + [
        t for t in ("ApplicationType", "StatisticsPage") if t in types_tool.objectIds()
    ]
    if doomed:
        wf_tool.setChainForPortalTypes(doomed, "(Default)")
        types_tool.manage_delObjects(doomed)
    # the product's workflow and the types' own ones (workflow/generate.py)
    ours = [i for i in wf_tool.objectIds() if i == WORKFLOW_ID or i.startswith(WORKFLOW_ID + "_")]
    if ours:
        wf_tool.manage_delObjects(ours)
    reset_authomatic()
    from comune.istanze.service_accounts.plugin import uninstall as uninstall_service_accounts

    uninstall_service_accounts(portal)


def reset_authomatic():
    """pas.plugins.authomatic's defaults, if its configuration is still ours."""
    registry = queryUtility(IRegistry)
    prefix = IPasPluginsAuthomaticSettings.__identifier__
    if registry is None or "comune.istanze" not in (registry.get(f"{prefix}.json_config") or ""):
        return False
    for name in ("json_config", "userid_factory_name"):
        registry[f"{prefix}.{name}"] = IPasPluginsAuthomaticSettings[name].default
    return True

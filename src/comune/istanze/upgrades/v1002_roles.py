"""1001 -> 1002 (issue 10, applicant role): citizens stop being Owners.

* The profile's rolemap (role Richiedente, the permissions Delegate office
  roles and Use site tools, Show Toolbar and List portal members for staff
  only) and the workflow (Richiedente where Owner was; Plone's own tools,
  such as aliases, versions and sharing, for Managers and Site
  Administrators only) are imported again.
* On every application the Owner local role goes; the applicant gets
  Richiedente; the workflow's role mappings are applied again and the
  object's security is reindexed (catalog ``allowedRolesAndUsers``).
* Each type records its current office roles as audited
  (:mod:`comune.istanze.access.delegation`), so that grants made before the
  upgrade are not logged later as new.
"""

from comune.istanze.access import APPLICANT_ROLE
from comune.istanze.access import title_applicant_role
from comune.istanze.access.delegation import office_roles
from comune.istanze.access.delegation import SNAPSHOT
from comune.istanze.content.fti import WORKFLOW_ID
from comune.istanze.interfaces import IApplication
from comune.istanze.interfaces import IApplicationType
from plone import api

import logging
import transaction


logger = logging.getLogger("comune.istanze.upgrades")


def applicant_local_roles(app):
    """``app``'s local roles without Owner, with Richiedente for its applicant."""
    roles = {}
    for principal, granted in (app.__ac_local_roles__ or {}).items():
        kept = [r for r in granted if r not in ("Owner", APPLICANT_ROLE)]
        if principal == app.applicant_id:
            kept.append(APPLICANT_ROLE)
        if kept:
            roles[principal] = kept
    if app.applicant_id and app.applicant_id not in roles:
        roles[app.applicant_id] = [APPLICANT_ROLE]
    return roles


def applicant_role(context=None, batch=500):
    setup = api.portal.get_tool("portal_setup")
    for step in ("rolemap", "workflow"):
        setup.runImportStepFromProfile("profile-comune.istanze:default", step,
                                       run_dependencies=False)
    title_applicant_role(api.portal.get())
    workflow = api.portal.get_tool("portal_workflow")[WORKFLOW_ID]
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(object_provides=IApplication.__identifier__)
    for n, brain in enumerate(brains, 1):
        app = brain._unrestrictedGetObject()
        app.__ac_local_roles__ = applicant_local_roles(app)
        workflow.updateRoleMappingsFor(app)
        app.reindexObjectSecurity()
        if n % batch == 0:
            transaction.savepoint(optimistic=True)
    for brain in catalog.unrestrictedSearchResults(
            object_provides=IApplicationType.__identifier__):
        type_obj = brain._unrestrictedGetObject()
        setattr(type_obj, SNAPSHOT, office_roles(type_obj))
    logger.info("%d applications: Owner replaced by %s", len(brains), APPLICANT_ROLE)
    return len(brains)

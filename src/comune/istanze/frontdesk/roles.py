"""The «Operatore di sportello» role on the Sharing page, and its audit.

Site Administrators (``comune.istanze: Delegate office roles``) give it on
a type's Sharing page (that type only; audited with the office roles by
:mod:`comune.istanze.access.delegation`) or on the site root's (every
type): a site-wide grant or removal is written in the audit log of every
application type, since it lets the operator file applications of each.
"""

from comune.istanze import _
from comune.istanze.access.delegation import GRANTED
from comune.istanze.access.delegation import office_roles
from comune.istanze.access.delegation import REVOKED
from comune.istanze.backoffice.audit import record_type
from comune.istanze.frontdesk import ROLE
from comune.istanze.interfaces import IApplicationType
from comune.istanze.persistence import stored
from comune.istanze.workflow.roles import DELEGATE_OFFICE_ROLES
from plone import api
from plone.app.workflow.interfaces import ISharingPageRole
from plone.base.interfaces import IPloneSiteRoot
from zope.interface import implementer


SITE_SNAPSHOT = "_comune_istanze_frontdesk_roles"


class TypeOrSite:
    """Sharing pages where the role is offered: types and the site root."""

    @staticmethod
    def providedBy(context):
        return IApplicationType.providedBy(context) or IPloneSiteRoot.providedBy(context)


@implementer(ISharingPageRole)
class SportelloRole:
    title = _("Operatore di sportello (presenta istanze per i cittadini)")
    required_permission = DELEGATE_OFFICE_ROLES
    required_interface = TypeOrSite


def application_types():
    catalog = api.portal.get_tool("portal_catalog")
    return [b._unrestrictedGetObject()
            for b in catalog.unrestrictedSearchResults(portal_type="ApplicationType")]


def audit_site_operators(site):
    """Log site-wide grants and removals of Sportello in every type's log."""
    before = stored(site, SITE_SNAPSHOT) or {}
    now = office_roles(site, audited=(ROLE,))
    changes = [(GRANTED, p) for p in sorted(set(now) - set(before))]
    changes += [(REVOKED, p) for p in sorted(set(before) - set(now))]
    entries = []
    if changes:
        for type_obj in application_types():
            for action, principal in changes:
                entries.append(record_type(type_obj, action, f"{ROLE} (tutto il sito): {principal}"))
        setattr(site, SITE_SNAPSHOT, now)
    return entries


def on_site_roles_modified(site, event):
    audit_site_operators(site)

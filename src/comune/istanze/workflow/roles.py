"""Local roles granted on an application type's Sharing tab."""

from comune.istanze import _
from plone.app.workflow.interfaces import ISharingPageRole
from comune.istanze.interfaces import IApplicationType
from zope.interface import implementer


# Manager and Site Administrator only (rolemap.xml): an Editor or the creator
# of a type may share it, but cannot make anybody staff of its applications.
DELEGATE_OFFICE_ROLES = "comune.istanze: Delegate office roles"
OFFICE_ROLES = ("Istruttore", "Responsabile")


@implementer(ISharingPageRole)
class IstruttoreRole:
    title = _("Istruttore (lavora le istanze)")
    required_permission = DELEGATE_OFFICE_ROLES
    required_interface = IApplicationType


@implementer(ISharingPageRole)
class ResponsabileRole:
    title = _("Responsabile (accoglie e respinge)")
    required_permission = DELEGATE_OFFICE_ROLES
    required_interface = IApplicationType

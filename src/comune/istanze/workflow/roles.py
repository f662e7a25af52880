"""Local roles granted on an application type's Sharing tab."""

from comune.istanze import _
from plone.app.workflow.interfaces import ISharingPageRole
from comune.istanze.interfaces import IApplicationType
from zope.interface import implementer


@implementer(ISharingPageRole)
class IstruttoreRole:
    title = _("Istruttore (lavora le istanze)")
    required_permission = "Sharing page: Delegate roles"
    required_interface = IApplicationType


@implementer(ISharingPageRole)
class ResponsabileRole:
    title = _("Responsabile (accoglie e respinge)")
    required_permission = "Sharing page: Delegate roles"
    required_interface = IApplicationType

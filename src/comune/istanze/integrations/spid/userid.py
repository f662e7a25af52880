"""User ids of citizens: their codice fiscale, nothing else."""

from comune.istanze import _
from pas.plugins.authomatic.interfaces import IUserIDFactory
from zope.interface import implementer


@implementer(IUserIDFactory)
class FiscalCodeUserID:
    """The provider already normalised ``result.user.id`` (upper-case CF).

    No ``_2`` suffix as other factories add: one person, one user id.
    """

    title = _("Codice fiscale (SPID/CIE)")

    def __call__(self, plugin, result):
        return result.user.id.upper()

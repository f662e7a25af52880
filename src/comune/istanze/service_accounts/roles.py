"""Local roles of service accounts on the types they are bound to.

Least privilege, in two layers:

* roles: an account bound to a type holds, on that type only (and so on its
  applications), the office role its actions need: ``Responsabile`` when it
  may decide, ``Istruttore`` otherwise. Nothing global (not even Member: it
  cannot apply), nothing on other types, so the workflow's own permission
  maps keep every other application out of its reach (401/404, no data), and
  the catalog only lists what it may see. The roles are computed (a
  borg.localrole provider), never stored: unbinding or deleting the account
  takes them away at once.
* requests (:mod:`.gate`): a service account reaches only the staff REST
  services its actions name, so even the role's other permissions (notes,
  assignment, payments, Plone's tools) stay closed to it.
"""

from borg.localrole.interfaces import ILocalRoleProvider
from comune.istanze.interfaces import IApplicationType
from comune.istanze.service_accounts.store import all_accounts
from comune.istanze.service_accounts.store import get_account
from zope.component import adapter
from zope.interface import implementer


def office_role(account):
    return "Responsabile" if account.may("decide") else "Istruttore"


@implementer(ILocalRoleProvider)
@adapter(IApplicationType)
class BoundTypeRoles:
    def __init__(self, context):
        self.context = context

    def getRoles(self, principal_id):
        account = get_account(principal_id)
        if account is None or self.context.UID() not in account.types:
            return ()
        return (office_role(account),)

    def getAllRoles(self):
        uid = self.context.UID()
        for account in all_accounts():
            if uid in account.types:
                yield account.id, (office_role(account),)

"""Every grant and removal of Istruttore/Responsabile/Sportello in the type's audit log.

The Sharing page and REST ``@sharing`` fire LocalrolesModifiedEvent after a
change, without saying what changed. The type keeps the office roles as they
were last audited (``_office_roles``); on each event the difference becomes
one audit entry per role given or taken. A script that calls
``api.user.grant_roles`` fires no event: its change is logged at the next
Sharing change of the type, or at once if the script calls
:func:`audit_office_roles` itself.
"""

from comune.istanze.backoffice.audit import record_type
from comune.istanze.frontdesk import ROLE as FRONT_DESK_ROLE
from comune.istanze.persistence import stored
from comune.istanze.workflow.roles import OFFICE_ROLES


SNAPSHOT = "_office_roles"
GRANTED = "role_granted"
REVOKED = "role_revoked"
AUDITED_ROLES = OFFICE_ROLES + (FRONT_DESK_ROLE,)


def office_roles(type_obj, audited=AUDITED_ROLES):
    """{user or group id: sorted tuple of the office roles set on the type}."""
    found = {}
    for principal, roles in type_obj.get_local_roles():
        mine = tuple(sorted(r for r in roles if r in audited))
        if mine:
            found[principal] = mine
    return found


def audit_office_roles(type_obj):
    """Log what changed since the last audit; returns the new entries."""
    before = stored(type_obj, SNAPSHOT) or {}
    now = office_roles(type_obj)
    entries = []
    for principal in sorted(set(before) | set(now)):
        old, new = set(before.get(principal, ())), set(now.get(principal, ()))
        for role in sorted(new - old):
            entries.append(record_type(type_obj, GRANTED, f"{role}: {principal}"))
        for role in sorted(old - new):
            entries.append(record_type(type_obj, REVOKED, f"{role}: {principal}"))
    if before != now:
        setattr(type_obj, SNAPSHOT, now)
    return entries


def on_local_roles_modified(type_obj, event):
    audit_office_roles(type_obj)

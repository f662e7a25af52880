"""The demo imports the library of ready types (issue 13 §3) into
«Servizi online»: each file through the same import as an editor's
«Importa», published, with the demo's office staff on it."""

from comune.istanze.exchange.library import entries
from comune.istanze.exchange.library import import_entry
from plone import api

STAFF_ROLES = (("istruttore", "Istruttore"), ("responsabile", "Responsabile"))


def create_demo_library(folder):
    """Import every library type not yet in ``folder``; returns the new ones."""
    created = []
    for entry in entries():
        if entry.name in folder.objectIds():
            continue
        with api.env.adopt_roles(["Manager"]):
            obj = import_entry(entry.name, folder, publish=True)
        for user_id, role in STAFF_ROLES:
            if api.user.get(userid=user_id) is not None:
                api.user.grant_roles(username=user_id, obj=obj, roles=[role])
        if api.user.get(userid="redattore") is not None:
            api.user.grant_roles(username="redattore", obj=obj, roles=["Editor"])
        created.append(obj)
    return created

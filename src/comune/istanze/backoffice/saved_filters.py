"""A staff member's saved inbox filters ("le mie ricerche").

Each user's filters live in their own persistent mapping under one OOBTree
keyed by user id: a user saving a filter writes only their own mapping
(two users saving at once touch different objects; the first save of a
user adds a key, which the BTree's conflict resolution merges).
"""

from BTrees.OOBTree import OOBTree
from comune.istanze import _
from comune.istanze.persistence import stored
from persistent.mapping import PersistentMapping


ATTR = "_comune_istanze_inbox_filters"
MAX_SAVED = 20
NAME_MAX = 60


class SavedFilterError(ValueError):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _mine(portal, user_id, create=False):
    tree = stored(portal, ATTR, OOBTree if create else None)
    if tree is None:
        return None
    mine = tree.get(user_id)
    if mine is None and create:
        mine = tree[user_id] = PersistentMapping()
    return mine


def saved_for(portal, user_id):
    """[{"name", "filters"}] of ``user_id``, by name."""
    mine = _mine(portal, user_id) or {}
    return [{"name": name, "filters": dict(mine[name])} for name in sorted(mine, key=str.lower)]


def save(portal, user_id, name, filters, keys):
    """Save (or replace) ``filters`` (only ``keys``, non-empty) as ``name``."""
    name = " ".join((name or "").split())
    if not name:
        raise SavedFilterError(_("Dai un nome alla ricerca da salvare."))
    if len(name) > NAME_MAX:
        raise SavedFilterError(_("Il nome della ricerca può avere al massimo ${n} caratteri.",
                                 mapping={"n": NAME_MAX}))
    kept = {k: str(filters[k]) for k in keys if filters.get(k)}
    if not kept:
        raise SavedFilterError(_("Scegli almeno un filtro prima di salvare la ricerca."))
    mine = _mine(portal, user_id)
    if (mine is None or name not in mine) and len(mine or ()) >= MAX_SAVED:
        raise SavedFilterError(_("Puoi salvare al massimo ${n} ricerche: eliminane una.",
                                 mapping={"n": MAX_SAVED}))
    _mine(portal, user_id, create=True)[name] = kept
    return name


def delete(portal, user_id, name):
    mine = _mine(portal, user_id)
    if mine is None or name not in mine:
        raise SavedFilterError(_("Ricerca salvata non trovata: «${name}».", mapping={"name": name}))
    del mine[name]

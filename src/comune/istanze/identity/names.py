"""Names of citizens as their identity provider gave them.

Written only by the SPID/CIE login (and by the demo, which plays it); read
by :mod:`comune.istanze.identity`. It is a product-owned BTree on the site,
not member data: no ``@users`` PATCH, personal-information form or other
profile form can reach it.
"""

from BTrees.OOBTree import OOBTree
from comune.istanze.persistence import stored
from plone import api


STORE = "_comune_istanze_identity_names"


def record_names(user_id, first_name, last_name, site=None):
    """Keep the names of ``user_id``'s identity; writes only on change."""
    tree = stored(site or api.portal.get(), STORE, OOBTree)
    value = ((first_name or "").strip(), (last_name or "").strip())
    if tree.get(user_id) != value:
        tree[user_id] = value


def names_of(user_id, site=None):
    """``(first_name, last_name)`` from the identity provider, or None."""
    tree = stored(site or api.portal.get(), STORE)
    return tree.get(user_id) if tree is not None and user_id else None

"""Where in the database is the object with oid X? (for conflict hot spots)

A ConflictError names only the oid and class of the object, often an inner
BTree node. This walks the storage's references backwards from that oid up
to the nearest object that has an id (a content object or a tool) and names
each hop by the attribute that holds it, e.g.
``portal_catalog ._catalog .indexes['path'] ._index [BTree node]``.
"""

from collections import defaultdict
from ZODB.serialize import referencesf
from ZODB.utils import p64


MAX_HOPS = 40
BTREE_NODE = " [BTree node]"


def referrers(storage):
    """oid -> set of oids of the objects that reference it (current revisions)."""
    refs = {}
    for txn in storage.iterator():
        for rec in txn:
            refs[rec.oid] = referencesf(rec.data) if rec.data else []
    back = defaultdict(set)
    for oid, children in refs.items():
        for child in children:
            back[child].add(oid)
    return back


def _label(obj):
    return f"{type(obj).__module__}.{type(obj).__name__}"


def _is_btree(obj):
    return type(obj).__module__.startswith("BTrees.")


def _name_of(obj):
    get_id = getattr(obj, "getId", None)
    if get_id is None or _is_btree(obj):
        return None
    try:
        return get_id()
    except Exception:  # some objects need acquisition for their id: keep walking
        return None


def _hop(parent, child_oid):
    """How ``parent`` holds the object ``child_oid``: '.attr', ".attr['key']" or '[BTree]'."""
    if _is_btree(parent):
        return BTREE_NODE
    parent._p_activate()
    for key, value in vars(parent).items():
        if getattr(value, "_p_oid", None) == child_oid:
            return f" .{key}"
        if isinstance(value, dict):
            for sub, item in value.items():
                if getattr(item, "_p_oid", None) == child_oid:
                    return f" .{key}[{sub!r}]"
    return f" ({_label(parent)})"


def locate(conn, back, oid):
    """A readable path from the nearest named object down to ``oid``."""
    chain = [oid]
    while len(chain) < MAX_HOPS:
        obj = conn.get(chain[-1])
        if len(chain) > 1 and _name_of(obj):
            break
        parents = [p for p in back.get(chain[-1], ()) if p not in chain]
        if not parents:
            break
        # a bucket is also referenced by its left sibling: prefer the tree node
        parents.sort(key=lambda p: type(conn.get(p)).__name__.endswith("Bucket"))
        chain.append(parents[0])
    top = conn.get(chain[-1])
    text = f"{_name_of(top) or _label(top)}"
    for parent_oid, child_oid in zip(reversed(chain), list(reversed(chain))[1:]):
        hop = _hop(conn.get(parent_oid), child_oid)
        if not (hop == BTREE_NODE and text.endswith(BTREE_NODE)):
            text += hop
    return text


def locate_all(conn, oid_reprs):
    """{oid repr: description} for the oids in ``oid_reprs`` (as '0x0eb2')."""
    if not oid_reprs:
        return {}
    back = referrers(conn.db().storage)
    found = {}
    for text in oid_reprs:
        oid = p64(int(text, 16))
        try:
            found[text] = locate(conn, back, oid)
        except Exception as exc:  # a vanished object must not hide the others
            found[text] = f"? ({type(exc).__name__})"
    return found



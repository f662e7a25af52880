"""The submission hot path must not write shared objects.

During a bando deadline hundreds of citizens submit at once: any object
written by every submission is a guaranteed ZODB ConflictError. This test
lists the persistent objects a submission writes and fails if a shared,
non-conflict-resolving object is among them.
"""

from comune.istanze.documents.attachments import add_attachment
from comune.istanze.workflow import submission
from tests.fixtures import login
from tests.fixtures import make_citizen
from tests.fixtures import make_type

import transaction


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _submit(portal, type_obj, user):
    login(portal, user.getId())
    app = submission.create_draft(type_obj)
    app.componenti, app.isee, app.indirizzo = 3, 9000.0, "Via Roma 1"
    add_attachment(app, "Contratto di locazione", PDF, "c.pdf", user.getId())
    submission.submit(app)
    return app


def test_submission_writes_no_shared_content_object(portal):
    from Products.CMFCore.indexing import processQueue

    type_obj = make_type(portal)
    user = make_citizen()
    for _i in range(40):  # warm up indexes (BooleanIndex inversions, path depth)
        _submit(portal, type_obj, user)
    processQueue()
    transaction.savepoint(optimistic=True)
    conn = portal._p_jar
    app = _submit(portal, type_obj, user)
    processQueue()
    written = {id(o): o for o in conn._registered_objects}
    names = sorted(type(o).__name__ for o in written.values())
    assert type_obj not in written.values(), names
    assert portal.portal_types[type_obj.published_type] not in written.values(), names
    assert portal not in written.values(), names
    # Only the application and BTree internals (which resolve concurrent
    # inserts of distinct keys) may be written; "Sequences" only when the
    # allocation runs inline (objects not yet committed, as in this test).
    allowed = {"Application", "Attachment", "NamedBlobFile", "Blob", "Counter", "Sequences",
               "PersistentList", "PersistentMapping"}
    others = {n for n in names if not n.startswith(("OO", "OI", "IO", "II", "Length"))}
    assert others <= allowed, others
    assert app.number
    # Not in the intid registry, whose key references are ordered by OID.
    from zope.component import getUtility
    from zope.intid.interfaces import IIntIds

    intids = getUtility(IIntIds)
    assert intids.queryId(app) is None
    intid_trees = {id(intids.refs), id(intids.ids)}
    assert not intid_trees & set(written), "the intid BTrees were written"


def test_sortable_title_keys_do_not_follow_the_numbers(portal):
    """Plone's sortable_title starts with the title, i.e. the zero-filled
    number: each submission appended the next key at the end of the index and
    concurrent submissions split its last bucket. Applications get keys in
    no submission order, grouped by type."""
    type_obj = make_type(portal)
    user = make_citizen()
    apps = [_submit(portal, type_obj, user) for _i in range(20)]
    from Products.CMFCore.indexing import processQueue

    processQueue()
    catalog = portal.portal_catalog
    index = catalog._catalog.getIndex("sortable_title")
    keys = [index.getEntryForObject(catalog.getrid("/".join(a.getPhysicalPath()))) for a in apps]
    assert all(key.startswith(type_obj.title.lower()) for key in keys), keys
    assert not any(a.number.lower() in key for a, key in zip(apps, keys))
    assert keys != sorted(keys)
    assert len(set(keys)) == len(keys)


def test_applications_are_not_in_plone_text_creator_and_date_indexes(portal):
    from Products.CMFCore.indexing import processQueue

    type_obj = make_type(portal)
    user = make_citizen()
    app = _submit(portal, type_obj, user)
    processQueue()
    catalog = portal.portal_catalog
    rid = catalog.getrid("/".join(app.getPhysicalPath()))
    for name in ("Creator", "Date"):
        index = catalog._catalog.getIndex(name)
        assert index.getEntryForObject(rid) is None, name
        assert rid not in index._unindex
    for name in ("SearchableText", "Title", "Description"):  # not even as empty documents
        assert not catalog._catalog.getIndex(name).index.has_doc(rid), name
    assert not catalog.unrestrictedSearchResults(Creator=user.getId())
    assert app.Creator() == user.getId()  # the content still says who made it
    # the type itself is still indexed normally
    assert catalog._catalog.getIndex("Creator").getEntryForObject(
        catalog.getrid("/".join(type_obj.getPhysicalPath()))) is not None

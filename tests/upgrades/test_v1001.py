"""Upgrade 1000 -> 1001 on data shaped like version 1000."""

from Acquisition import aq_base
from BTrees.OOBTree import OOBTree
from Products.CMFCore.indexing import processQueue
from BTrees.OOBTree import OOTreeSet
from comune.istanze.outbox import queue
from comune.istanze.upgrades import v1001
from tests.fixtures import make_type
from tests.workflow.test_hot_path import _submit
from tests.fixtures import make_citizen


def _old_outbox(portal, states):
    """An outbox as version 1000 stored it: one set of trees, 16-hex ids."""
    old = queue.Outbox.__new__(queue.Outbox)
    old.jobs, old.by_key, old.open, old.failed = OOBTree(), OOBTree(), OOTreeSet(), OOTreeSet()
    old.last_digest = "2026-11-20"
    for n, state in enumerate(states):
        job = queue.Job("email", "", f"email:old:{n}", {"to": f"c{n}@esempio.it"})
        job.id = f"{n:016x}"
        job.state = state
        old.jobs[job.id], old.by_key[job.key] = job, job.id
        if state == queue.PENDING:
            old.open.add(job.id)
        if state == queue.FAILED:
            old.failed.add(job.id)
    setattr(portal, queue.ATTR, old)


def test_outbox_moves_into_shards_keeping_every_job(portal):
    states = [queue.PENDING] * 5 + [queue.DONE] * 3 + [queue.FAILED] * 2
    _old_outbox(portal, states)
    assert v1001.shard_outbox(portal=portal) == 10
    box = queue.get_outbox(portal)
    assert len(box.shards) == queue.SHARDS and box.last_digest == "2026-11-20"
    for n, state in enumerate(states):
        job = queue.job_for_key(portal, f"email:old:{n}")
        assert job.state == state and job.data["to"] == f"c{n}@esempio.it"
        assert job.id == f"{queue.shard_number(job.key):02d}-{n:016x}"
        assert queue.get_job(portal, job.id) is job
    assert len(queue.open_job_ids(portal)) == 5
    assert {j.key for j in queue.problem_jobs(portal)} == {"email:old:8", "email:old:9"}
    assert v1001.shard_outbox(portal=portal) == 0  # already done: nothing moves


def test_applications_are_reindexed(portal):
    type_obj = make_type(portal)
    app = _submit(portal, type_obj, make_citizen())
    processQueue()
    catalog = portal.portal_catalog
    rid = catalog.getrid("/".join(app.getPhysicalPath()))
    index = catalog._catalog.getIndex("sortable_title")
    index.unindex_object(rid)
    index.index_object(rid, type("Old", (), {"sortable_title": app.number.lower()})())
    assert index.getEntryForObject(rid) == app.number.lower()
    # the number index of 1000 was a plain FieldIndex
    from Products.PluginIndexes.FieldIndex.FieldIndex import FieldIndex

    catalog.delIndex("application_number")
    catalog.addIndex("application_number", "FieldIndex", {"indexed_attrs": "application_number"})
    catalog._catalog.getIndex("application_number").index_object(rid, app)
    assert type(aq_base(catalog._catalog.getIndex("application_number"))) is FieldIndex
    text = catalog._catalog.getIndex("SearchableText")
    text.index_object(rid, type("Old", (), {"SearchableText": ""})())  # 1000: empty document
    assert text.index.has_doc(rid)
    creator = catalog._catalog.getIndex("Creator")
    creator.index_object(rid, type("Old", (), {"Creator": app.applicant_id})())
    assert creator.getEntryForObject(rid) == app.applicant_id
    catalog.delColumn("application_title")  # a site made before the column existed
    assert v1001.reindex_applications() >= 1
    (brain,) = catalog.unrestrictedSearchResults(UID=app.UID())
    assert brain.application_title == app.title
    assert index.getEntryForObject(rid) == f"{type_obj.title.lower()} {app.getId()}"
    assert creator.getEntryForObject(rid) is None
    assert not text.index.has_doc(rid)
    number_index = catalog._catalog.getIndex("application_number")
    assert number_index.meta_type == "ApplicationNumberIndex"
    assert [b.getId for b in catalog.unrestrictedSearchResults(application_number=app.number)] == [app.getId()]
    assert not v1001.replace_number_index(catalog)  # once only


def test_steps_are_registered_for_1000_to_1001_and_run(portal):
    _old_outbox(portal, [queue.PENDING])
    setup = portal.portal_setup
    setup.setLastVersionForProfile("comune.istanze:default", "1000")
    steps = [s for group in setup.listUpgrades("comune.istanze:default")
             for s in (group if isinstance(group, list) else [group]) if s["ssource"] == "1000"]
    assert [s["title"] for s in steps] == [
        "Coda in uscita divisa in partizioni",
        "Reindicizza le istanze (titolo di ordinamento, autore, data)",
    ]
    assert {(s["ssource"], s["sdest"]) for s in steps} == {("1000", "1001")}
    setup.upgradeProfile("comune.istanze:default")
    current = setup.getVersionForProfile("comune.istanze:default")  # later steps run too
    assert setup.getLastVersionForProfile("comune.istanze:default") == (current,)
    assert queue.job_for_key(portal, "email:old:0").state == queue.PENDING
    assert len(queue.open_job_ids(portal)) == 1


def test_make_start_upgrades_an_existing_site(functional_portal):
    """scripts/create_site.py on a site left at 1000 runs its upgrade steps."""
    import importlib.util
    import transaction

    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "scripts" / "create_site.py"
    spec = importlib.util.spec_from_file_location("create_site_script", path)
    create_site = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(create_site)
    portal = functional_portal
    _old_outbox(portal, [queue.PENDING])
    portal.portal_setup.setLastVersionForProfile("comune.istanze:default", "1000")
    transaction.commit()
    current = portal.portal_setup.getVersionForProfile("comune.istanze:default")
    assert create_site.upgrade(portal) == current
    assert queue.job_for_key(portal, "email:old:0").state == queue.PENDING
    assert create_site.upgrade(portal) == current  # nothing pending: nothing done

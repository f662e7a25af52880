"""1000 -> 1001: conflict work for the deadline rush (P1).

* The outbox becomes :data:`~comune.istanze.outbox.queue.SHARDS` shards:
  jobs, idempotency keys and open/failed sets move into the shard of their
  key; a job id gets its shard's prefix (nothing outside the outbox keeps
  job ids).
* The ``application_number`` field index becomes an
  :class:`~comune.istanze.numbering.index.ApplicationNumberIndex`, the
  profile's catalog indexes and columns are imported again (a site made
  before 1000 may miss some), and applications are reindexed: the number
  index, the new ``sortable_title`` (type title + random id), every column;
  out of ``Creator``, ``Date`` and the text indexes.
"""

from comune.istanze.interfaces import IApplication
from comune.istanze.numbering.index import ApplicationNumberIndex
from comune.istanze.outbox.queue import ATTR
from comune.istanze.outbox.queue import FAILED
from comune.istanze.outbox.queue import IN_PROGRESS
from comune.istanze.outbox.queue import Outbox
from comune.istanze.outbox.queue import PENDING
from comune.istanze.outbox.queue import shard_number
from plone import api

import logging
import transaction


logger = logging.getLogger("comune.istanze.upgrades")


def shard_outbox(context=None, portal=None):
    """Move the jobs of a 1000-shaped outbox (one set of trees) into shards."""
    portal = portal or api.portal.get()
    old = getattr(portal, ATTR, None)
    if old is None or getattr(old, "shards", None) is not None:
        return 0
    box = Outbox()
    box.last_digest = getattr(old, "last_digest", None)
    moved = 0
    for job in old.jobs.values():
        job.id = f"{shard_number(job.key):02d}-{job.id.rpartition('-')[2]}"
        shard = box.shards[shard_number(job.key)]
        shard.jobs[job.id] = job
        shard.by_key[job.key] = job.id
        if job.state in (PENDING, IN_PROGRESS):
            shard.open.add(job.id)
        if job.state == FAILED:
            shard.failed.add(job.id)
        moved += 1
    setattr(portal, ATTR, box)
    logger.info("outbox: %d jobs moved into %d shards", moved, len(box.shards))
    return moved


# a text index ignores a None value without dropping the old (empty) document
DROPPED = ("SearchableText", "Title", "Description")
NUMBER_INDEX = "application_number"


def replace_number_index(catalog):
    """Swap a 1000 field index for the number index; False when done already."""
    if isinstance(catalog._catalog.indexes.get(NUMBER_INDEX), ApplicationNumberIndex):
        return False
    if NUMBER_INDEX in catalog.indexes():
        catalog.delIndex(NUMBER_INDEX)
    catalog.addIndex(NUMBER_INDEX, ApplicationNumberIndex.meta_type,
                     {"indexed_attrs": NUMBER_INDEX})
    return True


def reindex_applications(context=None, batch=500):
    """The number index, then every index and column of the profile (a site
    made before 1000 may miss some), then every application reindexed."""
    catalog = api.portal.get_tool("portal_catalog")
    replace_number_index(catalog)
    api.portal.get_tool("portal_setup").runImportStepFromProfile(
        "profile-comune.istanze:default", "catalog", run_dependencies=False)
    brains = catalog.unrestrictedSearchResults(object_provides=IApplication.__identifier__)
    for n, brain in enumerate(brains, 1):
        for name in DROPPED:
            catalog._catalog.getIndex(name).unindex_object(brain.getRID())
        catalog.catalog_object(brain._unrestrictedGetObject(), brain.getPath(),
                               update_metadata=True)
        if n % batch == 0:
            transaction.savepoint(optimistic=True)
    logger.info("%d applications reindexed, dropped from %s", len(brains), ", ".join(DROPPED))
    return len(brains)

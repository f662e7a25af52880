"""Single and mass communications to applicants.

Staff select applications with the inbox filters, write a message (with
attachments) and send it to all. A :class:`Batch` records the targets and
the progress; the outbox worker sends it in chunks (job kind
``communication.batch``), committing after each chunk, so a long batch shows
its progress, survives a restart and resumes where it stopped. Every message
carries the key ``batch:<id>``: sending the same batch again (a retry, a
double click, a worker that died mid-chunk) never duplicates a message.
Failures are listed per application and can be retried.

A batch belongs to the application types of its targets: only who works
(``Work applications``) every one of them, or a Manager / Site
Administrator, may follow or retry it; for anybody else it does not exist
(:func:`readable_batch` answers ``None``, the views 404).
"""

from BTrees.OOBTree import OOBTree
from comune.istanze.persistence import stored
from comune.istanze import _
from comune.istanze.backoffice import audit
from comune.istanze.backoffice.actions import ActionError
from comune.istanze.channels import dispatch
from comune.istanze.documents.store import add_document
from comune.istanze.interfaces import IApplicationType
from comune.istanze.messages.store import add_message
from datetime import datetime
from persistent import Persistent
from persistent.mapping import PersistentMapping
from plone import api

import secrets


JOB_KIND = "communication.batch"
CHUNK = 50
MAX_FILE_MB = 10
WORK_PERMISSION = "comune.istanze: Work applications"
OVERSEERS = ("Manager", "Site Administrator")


class Batch(Persistent):
    types = None  # batches stored before types were recorded: see batch_types()

    def __init__(self, subject, body, files, targets, author, types=()):
        self.id = secrets.token_hex(6)
        self.types = frozenset(types)  # codes of the targets' application types
        self.subject = subject
        self.body = body
        self.files = tuple(files)  # ((filename, content_type, bytes), ...)
        self.all_targets = tuple(targets)  # application UIDs
        self.targets = self.all_targets  # this round (all, or the failed ones)
        self.author = author
        self.created = datetime.now()
        self.position = 0  # targets before it are processed
        self.sent = 0
        self.failures = PersistentMapping()  # uid -> error text
        self.finished = None

    @property
    def total(self):
        return len(self.targets)

    @property
    def grand_total(self):
        return len(self.all_targets)

    @property
    def done(self):
        return self.finished is not None


def _batches(portal, create=True):
    return stored(portal, "_istanze_batches", OOBTree if create else None)


def get_batch(batch_id):
    if not isinstance(batch_id, str):
        return None
    store = _batches(api.portal.get(), create=False)
    return store.get(batch_id) if store else None


def batch_types(batch):
    """Codes of the application types ``batch``'s targets belong to."""
    if batch.types is not None:
        return batch.types
    catalog = api.portal.get_tool("portal_catalog")
    return frozenset(b.application_type for b in catalog.unrestrictedSearchResults(UID=list(batch.all_targets)))


def worked_codes(codes):
    """The codes among ``codes`` of the types the current user works."""
    catalog = api.portal.get_tool("portal_catalog")
    found = set()
    for brain in catalog.unrestrictedSearchResults(object_provides=IApplicationType.__identifier__):
        type_obj = brain._unrestrictedGetObject()
        if type_obj.code in codes and api.user.has_permission(WORK_PERMISSION, obj=type_obj):
            found.add(type_obj.code)
    return found


def may_follow(batch):
    """Managers and Site Administrators always; staff only when they work
    every type of the batch (a partial view would still tell them about the
    other types' recipients and failures)."""
    if set(OVERSEERS) & set(api.user.get_roles(obj=api.portal.get())):
        return True
    codes = batch_types(batch)
    return bool(codes) and worked_codes(codes) == set(codes)


def readable_batch(batch_id):
    """The batch ``batch_id`` if the current user may follow it, else None."""
    batch = get_batch(batch_id)
    return batch if batch is not None and may_follow(batch) else None


def create_batch(brains, subject, body, files=()):
    """Validate and store a batch for the applications of ``brains``."""
    subject, body = (subject or "").strip(), (body or "").strip()
    if not subject or not body:
        raise ActionError(_("Oggetto e testo della comunicazione sono obbligatori."))
    targets = [b.UID for b in brains]
    if not targets:
        raise ActionError(_("Nessuna istanza selezionata."))
    for name, _ctype, data in files:
        if len(data) > MAX_FILE_MB * 1024 * 1024:
            raise ActionError(_("L'allegato «${name}» supera ${mb} MB.", mapping={"name": name, "mb": MAX_FILE_MB}))
    batch = Batch(subject, body, files, targets, api.user.get_current().getId(),
                  types={b.application_type for b in brains})
    _batches(api.portal.get())[batch.id] = batch
    return batch


def enqueue_batch(batch):
    from comune.istanze.outbox.queue import enqueue

    return enqueue(api.portal.get(), JOB_KIND, "", f"{JOB_KIND}:{batch.id}:{batch.position}:{len(batch.failures)}",
                   {"batch": batch.id})


def send(batch):
    """Small batches are sent at once; larger ones by the outbox worker."""
    if batch.total <= CHUNK:
        process(batch)
        return None
    return enqueue_batch(batch)


def _find(uid):
    brains = api.portal.get_tool("portal_catalog").unrestrictedSearchResults(UID=uid)
    return brains[0]._unrestrictedGetObject() if brains else None


def deliver(batch, app):
    """Store the message (once) and send it on the type's channels, for one application."""
    doc_ids = []
    key = f"batch:{batch.id}"
    from comune.istanze.messages.store import find_by_key

    if find_by_key(app, key) is not None:
        return False
    for filename, ctype, data in batch.files:
        doc = add_document(app, "communication", filename, data, filename, ctype)
        doc_ids.append(doc.id)
    msg, _created = add_message(app, "communication", batch.subject, batch.body, batch.author,
                                documents=doc_ids, key=key)
    dispatch(app, msg, key=f"{key}:{app.UID()}")
    audit.record(app, "communication", batch.subject)
    return True


def process(batch, commit=lambda step: None, chunk=CHUNK):
    """Send the rest of ``batch``; ``commit(step)`` is called after each chunk."""
    while batch.position < batch.total:
        for uid in batch.targets[batch.position:batch.position + chunk]:
            app = _find(uid)
            try:
                if app is None:
                    raise LookupError("istanza non trovata")
                deliver(batch, app)
                batch.sent += 1
                batch.failures.pop(uid, None)
            except Exception as exc:  # noqa: BLE001 - recorded per application, retried later
                batch.failures[uid] = str(exc) or type(exc).__name__
        batch.position = min(batch.total, batch.position + chunk)
        commit(f"chunk:{batch.position}")
    batch.finished = datetime.now()
    commit("finished")


def retry_failures(batch):
    """Send again only to the applications that failed."""
    failed = [uid for uid in batch.targets if uid in batch.failures]
    if not failed:
        raise ActionError(_("Non ci sono invii falliti da ripetere."))
    batch.targets = tuple(failed)
    batch.position = 0
    batch.finished = None
    return batch


class BatchJobHandler:
    """Outbox handler: sends a batch in chunks, committing each one."""

    title = _("Comunicazione massiva")

    def run(self, job, target, ctx):
        batch = get_batch(job.data["batch"])
        if batch is None:
            from comune.istanze.outbox.errors import PermanentError

            raise PermanentError("Comunicazione non trovata")
        process(batch, commit=lambda step: ctx.save(step, batch.position))

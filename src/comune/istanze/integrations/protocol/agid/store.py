"""The sending AOO's own register and the messages it sent, on the site.

- numbers: :func:`comune.istanze.numbering.sequence.allocate_in` on the
  site's ``_agid_sequences`` (separate tiny transaction, idempotent per job
  key: a retried job gets its number back, never a second one);
- messages: ``_agid_messages`` (OOBTree, one entry per sent message keyed by
  the sender's identifier). The job writes an entry when it sends, the
  mittente endpoint writes the confirmation or the annulment into it; two
  different messages never touch the same value (bucket conflicts on
  distinct keys are resolved by the BTree).
"""

from BTrees.OOBTree import OOBTree
from comune.istanze.numbering.sequence import Sequences
from comune.istanze.numbering.sequence import allocate_in
from comune.istanze.persistence import stored
from datetime import datetime


def sender_identifier(portal, settings, job_key, now=None):
    """The sender's identifier for the message of job ``job_key`` (dict of
    the IdentificatoreType fields, all strings)."""
    now = now or datetime.now()
    year, n = allocate_in(stored(portal, "_agid_sequences", Sequences), now.year, job_key)
    return {
        "CodiceAmministrazione": settings.amministrazione,
        "CodiceAOO": settings.aoo_mittente,
        "CodiceRegistro": settings.registro_mittente,
        "NumeroRegistrazione": f"{n:07d}",
        "DataRegistrazione": now.date().isoformat(),
        "OraRegistrazione": now.strftime("%H:%M:%S"),
    }


def message_key(identifier):
    """Key of a message: AOO, register, year and number of the sender."""
    return "|".join((identifier.get("CodiceAOO", ""), identifier.get("CodiceRegistro", ""),
                     str(identifier.get("DataRegistrazione", ""))[:4],
                     identifier.get("NumeroRegistrazione", "")))


def _messages(portal, create=True):
    return stored(portal, "_agid_messages", OOBTree if create else None)


def remember(portal, identifier, job_key, target):
    """Record that the message ``identifier`` was sent (once)."""
    messages = _messages(portal)
    key = message_key(identifier)
    if key not in messages:
        messages[key] = {"job": job_key, "target": target, "state": "sent", "mittente": dict(identifier)}
    return messages[key]


def message(portal, identifier):
    messages = _messages(portal, create=False)
    return None if messages is None else messages.get(message_key(identifier))


def update(portal, identifier, **changes):
    """Write ``changes`` into the entry of ``identifier``; None when the
    message is unknown (never sent from here)."""
    messages = _messages(portal, create=False)
    key = message_key(identifier)
    if messages is None or key not in messages:
        return None
    entry = dict(messages[key], **changes)
    messages[key] = entry
    return entry

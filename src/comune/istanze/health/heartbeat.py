"""The outbox workers' heartbeats: when each worker last finished a loop.

Each worker writes only its own key (``host:pid``), at most once every
:data:`INTERVAL` seconds, in a tiny transaction of its own: workers never
write the same key, so concurrent beats are resolved by the BTree's bucket
conflict resolution (and a conflict only delays a beat).
"""

from BTrees.OOBTree import OOBTree
from comune.istanze.persistence import retry_on_conflict
from comune.istanze.persistence import stored
from ZODB.POSException import ConflictError

import os
import socket
import time
import transaction


ATTR = "_comune_istanze_heartbeats"
INTERVAL = 30.0  # seconds between two beats of one worker
FORGET_AFTER = 7 * 86400  # a worker silent for a week is forgotten
_last_beat = {}


def worker_key():
    return f"{socket.gethostname()}:{os.getpid()}"


def beat(portal, now=None, key=None):
    """Record that this worker is alive (rate-limited); True when written."""
    now = now or time.time()
    key = key or worker_key()
    if now - _last_beat.get(key, 0.0) < INTERVAL:
        return False

    def attempt():
        transaction.begin()
        beats = stored(portal, ATTR, OOBTree)
        beats[key] = now
        for old in [k for k, seen in beats.items() if now - seen > FORGET_AFTER and k != key]:
            del beats[old]
        transaction.get().note("comune.istanze: worker heartbeat")
        try:
            transaction.commit()
        except ConflictError:
            transaction.abort()
            raise

    done, _result = retry_on_conflict(attempt, 3, pause=0.01)
    if done:
        _last_beat[key] = now
    return done


def last_beat(portal):
    """Seconds since the epoch of the newest beat of any worker, or None."""
    beats = stored(portal, ATTR)
    return max(beats.values(), default=None) if beats else None

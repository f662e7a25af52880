"""A small thread-safe cache in process memory (never in the ZODB) for
vouchers and signed audit tokens, each kept until shortly before it expires.

One lock per key: concurrent requests for the same purpose wait for the one
request to PDND instead of each asking for its own voucher.
"""

import threading
import time


# renew this many seconds before expiry (at most half the lifetime)
MARGIN = 60
PRUNE_ABOVE = 256


def fresh_until(issued_at, lifetime):
    """When a token issued at ``issued_at`` valid ``lifetime`` s stops being reused."""
    return issued_at + lifetime - min(MARGIN, lifetime / 2)


class TokenCache:
    def __init__(self, clock=time.time):
        self.clock = clock
        self._lock = threading.Lock()
        self._items = {}  # key -> (value, fresh_until)
        self._locks = {}

    def get(self, key, make):
        """The cached value of ``key`` or ``make()`` -> (value, fresh_until)."""
        with self._lock:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            item = self._items.get(key)
            if item is not None and item[1] > self.clock():
                return item[0]
            value, until = make()
            with self._lock:
                self._items[key] = (value, until)
                if len(self._items) > PRUNE_ABOVE:
                    self._prune()
            return value

    def _prune(self):
        now = self.clock()
        for key in [k for k, (_v, until) in self._items.items() if until <= now]:
            del self._items[key]
            self._locks.pop(key, None)

    def forget(self, key=None):
        """Drop ``key`` (all keys when None), e.g. after the e-service refused
        a voucher that PDND had revoked."""
        with self._lock:
            if key is None:
                self._items.clear()
            else:
                self._items.pop(key, None)

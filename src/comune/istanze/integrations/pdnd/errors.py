"""PDND failures, mapped onto the outbox's retry policy (Italian messages)."""

from comune.istanze.outbox.errors import PermanentError
from comune.istanze.outbox.errors import TransientError


class PDNDError(Exception):
    """Any failure obtaining a voucher. ``status`` is the HTTP status, if any."""

    def __init__(self, message, status=None):
        super().__init__(message)
        self.status = status


class PDNDUnavailable(PDNDError, TransientError):
    """PDND cannot be reached, is slow or failed internally: retry later."""


class PDNDRejected(PDNDError, PermanentError):
    """PDND refused the client assertion (client, key, purpose, claims)."""


class PDNDNotConfigured(PDNDRejected):
    """The Comune has not configured PDND (client id, kid, key, URL)."""

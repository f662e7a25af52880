"""INAD failures, mapped onto the outbox's retry policy (Italian messages)."""

from comune.istanze.outbox.errors import PermanentError
from comune.istanze.outbox.errors import TransientError


class INADError(Exception):
    """Any failure talking to INAD. ``status`` is the HTTP status, if any."""

    def __init__(self, message, status=None):
        super().__init__(message)
        self.status = status


class INADUnavailable(INADError, TransientError):
    """INAD cannot be reached, is slow or failed internally: retry later."""


class INADRejected(INADError, PermanentError):
    """INAD refused the request (bad codice fiscale, voucher, permissions)."""


class INADNotFound(INADRejected):
    """The list request does not exist (or expired after 48 hours)."""


class INADNotReady(INADError, TransientError):
    """The list request is still being processed: ask again later."""

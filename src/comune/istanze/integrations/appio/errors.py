"""App IO failures, mapped onto the outbox's retry policy (Italian, for staff)."""

from comune.istanze.outbox.errors import PermanentError
from comune.istanze.outbox.errors import TransientError


class AppIOError(Exception):
    def __init__(self, message, status=None):
        super().__init__(message)
        self.status = status


class AppIOUnavailable(AppIOError, TransientError):
    """App IO cannot be reached, is slow, throttles or failed: retry later."""


class AppIORejected(AppIOError, PermanentError):
    """App IO refused the request (invalid data, key, permissions)."""


class NoticeNotReady(AppIOUnavailable):
    """The payment notice has no notice number yet (its GPD position is on its way)."""

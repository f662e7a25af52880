"""pagoPA failures, mapped onto the outbox's retry policy.

Every network failure and every error answer of pagoPA becomes one of these,
with an Italian message for staff; the engineers' text of a ProblemJson
(English, from pagoPA) is kept after "Dettaglio:".
"""

from comune.istanze.outbox.errors import PermanentError
from comune.istanze.outbox.errors import TransientError


class PagoPAError(Exception):
    """Any failure talking to pagoPA. ``status`` is the HTTP status, if any."""

    def __init__(self, message, status=None):
        super().__init__(message)
        self.status = status


class PagoPAUnavailable(PagoPAError, TransientError):
    """pagoPA cannot be reached, is slow, throttles or failed internally: retry later."""


class PagoPARejected(PagoPAError, PermanentError):
    """pagoPA refused the request (invalid data, credentials, permissions)."""


class PagoPANotFound(PagoPARejected):
    """The debt position, receipt or flow does not exist."""


class PagoPAConflict(PagoPARejected):
    """The request conflicts with the state of the position (409)."""

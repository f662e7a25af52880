"""Protocol failures, mapped onto the outbox's retry policy."""

from comune.istanze.outbox.errors import PermanentError
from comune.istanze.outbox.errors import TransientError


class ProtocolUnavailable(TransientError):
    """The register cannot be reached or failed internally: retry later."""


class ProtocolRejected(PermanentError):
    """The register refused the data, or answered inconsistently."""


class ProtocolPending(TransientError):
    """The message was delivered; the register has not confirmed it yet."""

"""Errors raised by job handlers."""


class PermanentError(Exception):
    """A failure that retrying cannot fix (e.g. the register refused the data).

    The job goes straight to "failed" with this message; an administrator
    may still retry it from the control panel after fixing the cause.
    """


class TransientError(Exception):
    """A failure worth retrying later (service down, timeout...)."""

"""Errors raised to citizens: always a translatable Italian message."""


class ApplicationError(Exception):
    """Bad input or a refused operation; ``message`` is an i18n Message.

    Deliberately not a WorkflowException: raised by a transition rule, it
    must not be swallowed or rewritten by plone.restapi's ``@workflow``
    (which would answer 400 and still commit) or by ``api.content.transition``
    (which turns WorkflowExceptions into InvalidParameterError). Escaping a
    request, it aborts the transaction and ``browser/refusal.py`` answers with
    ``status`` and the Italian message (JSON for REST clients).
    """

    status = 400

    def __init__(self, message, field=None):
        original = message if isinstance(message, ApplicationError) else None
        if original is not None:
            # CMFCore's WorkflowTool re-raises an exception from a transition
            # as ``type(exc)(exc)``: keep the original's message, field, etc.
            message, field = original.message, field or original.field
        super().__init__(message)
        self.message = message
        self.field = field
        if original is not None:
            self.__dict__.update({k: v for k, v in vars(original).items()
                                  if k not in ("message", "field")})


class WindowClosed(ApplicationError):
    status = 403


class LevelTooLow(ApplicationError):
    status = 401


class NotAllowed(ApplicationError):
    status = 403

"""Errors raised to citizens: always a translatable Italian message."""

from Products.CMFCore.WorkflowCore import WorkflowException


class ApplicationError(WorkflowException):
    """Bad input or a refused operation; ``message`` is an i18n Message.

    Subclasses WorkflowException so that plone.restapi's ``@workflow``
    service answers 400 with the message instead of a server error.
    """

    status = 400

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


class WindowClosed(ApplicationError):
    status = 403


class LevelTooLow(ApplicationError):
    status = 401


class NotAllowed(ApplicationError):
    status = 403

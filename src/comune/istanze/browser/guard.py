"""Who may open an application's pages, and what others get.

The applicant's pages are registered as public views that call
:func:`guard` first: anonymous visitors are sent to log in (Unauthorized
starts Plone's login challenge), while a logged-in user without the
permission gets a plain 404, so that nobody learns whether someone else's
application exists (instead of Plone's "insufficient privileges" page).
"""

from AccessControl import Unauthorized
from plone import api
from zExceptions import NotFound


def guard(context, permission="View"):
    if api.user.is_anonymous():
        raise Unauthorized(permission)
    if not api.user.has_permission(permission, obj=context):
        raise NotFound(context.getId())

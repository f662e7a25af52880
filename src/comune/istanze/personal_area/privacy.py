"""Applications never appear in the sitemap, the site search or feeds.

Plone builds the sitemap, the search and the live search from the "user
friendly" types, i.e. all types except ``plone.types_not_searched``. The
applicant can view their own application, so permissions alone would list
it in *their* sitemap and search: every application type is therefore added
to ``plone.types_not_searched`` as soon as its FTI is created. The feed of
an application type (a folder of applications) leaves them out as well.
"""

from comune.istanze.content.fti import PORTAL_TYPE_PREFIX
from plone import api
from Products.CMFPlone.browser.syndication.adapters import FolderFeed


RECORD = "plone.types_not_searched"


def hide_portal_type(portal_type):
    hidden = tuple(api.portal.get_registry_record(RECORD, default=()) or ())
    if portal_type not in hidden:
        api.portal.set_registry_record(RECORD, hidden + (portal_type,))


def on_fti_added(fti, event):
    if fti.getId().startswith(PORTAL_TYPE_PREFIX):
        hide_portal_type(fti.getId())


class ApplicationTypeFeed(FolderFeed):
    """The feed of a type (when syndication is on) never lists applications,
    not even to their applicant."""

    def _brains(self):
        return [b for b in super()._brains() if not b.portal_type.startswith(PORTAL_TYPE_PREFIX)]

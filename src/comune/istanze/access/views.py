"""Plone's own pages that are staff tools, closed for citizens.

Each class is Plone's view with one check in front of it, registered for
the add-on's browser layer under Plone's name (configure.zcml), so staff
get exactly Plone's page and citizens a 404 on every object, the site root
included: the Sharing page (its user search lists every citizen with name
and codice fiscale), the history views, the state-change form and the
folder contents.
"""

from AccessControl import Unauthorized
from comune.istanze.access import refuse_without_site_tools
from comune.istanze.access import searches_people
from plone import api
from plone.app.content.browser import contents
from plone.app.content.browser.content_status_history import ContentStatusHistoryView
from plone.app.content.browser.contents import FolderContentsView
from plone.app.content.utils import json_dumps
from plone.app.layout.viewlets.content import ContentHistoryView
from plone.app.layout.viewlets.content import HistoryByLineView
from plone.app.workflow.browser.sharing import SharingView
from plone.app.workflow.permissions import DelegateRoles
from Products.CMFCore.permissions import ListFolderContents
from Products.CMFCore.permissions import ModifyPortalContent
from Products.CMFPlone import browser as plone_browser
from Products.CMFPlone.browser.author import AuthorView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from zExceptions import NotFound

import os


class SiteToolsOnly:
    """Registered with ``zope2.View`` so that a citizen always gets the same
    404; Plone's own permission of the page (``required``) is then checked
    for staff as Plone does (Unauthorized)."""

    required = "View"

    def check(self):
        refuse_without_site_tools(self.context)
        if not api.user.has_permission(self.required, obj=self.context):
            raise Unauthorized(self.required)

    def __call__(self, *args, **kw):
        self.check()
        return super().__call__(*args, **kw)


class Sharing(SiteToolsOnly, SharingView):
    required = DelegateRoles

    def user_search_results(self):
        """Looking people up is a Site Administrator's act: others (Editors
        sharing ordinary content) search groups only, never citizens."""
        return super().user_search_results() if searches_people() else []

    def updateSharingInfo(self, search_term=""):
        self.check()
        return super().updateSharingInfo(search_term)


class HistoryByLine(SiteToolsOnly, HistoryByLineView):
    required = ModifyPortalContent


class ContentHistory(SiteToolsOnly, ContentHistoryView):
    pass


class ContentStatusHistory(SiteToolsOnly, ContentStatusHistoryView):
    required = ModifyPortalContent


class FolderContents(SiteToolsOnly, FolderContentsView):
    required = ListFolderContents
    index = ViewPageTemplateFile(
        "templates/folder_contents.pt", _prefix=os.path.dirname(contents.__file__))

    def __call__(self):
        self.check()
        self.options = json_dumps(self.get_options())  # as Plone's view does
        return self.index()


class Author(SiteToolsOnly, AuthorView):
    """Plone's author page shows a person's name (for a citizen, from the
    codice fiscale in the URL): only one's own, or for who searches people."""

    def check(self):
        super().check()
        own = self.username == api.user.get_current().getId()
        if self.username and not own and not searches_people():
            raise NotFound(self.username)

    index = ViewPageTemplateFile(
        "templates/author.pt", _prefix=os.path.dirname(plone_browser.__file__))

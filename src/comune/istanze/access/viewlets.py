"""Plone's member menu in the header, for staff only.

Without the toolbar (citizens, and staff outside the types they work) the
header already shows who is logged in, the level of the SPID/CIE login,
"Area personale" and "Esci" (``integrations/spid`` viewlet): Plone's own
member menu would repeat the name and offer CMS pages (dashboard,
preferences) that are not meant for citizens. Anonymous visitors keep it.
"""

from comune.istanze.access import uses_site_tools
from plone import api
from plone.app.layout.viewlets.common import PersonalBarViewlet
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile

import os
import plone.app.layout.viewlets


PLONE_VIEWLETS = os.path.dirname(plone.app.layout.viewlets.__file__)


class MemberTools(PersonalBarViewlet):
    # Plone's own template, read where plone.app.layout keeps it.
    index = ViewPageTemplateFile("membertools.pt", _prefix=PLONE_VIEWLETS)
    hidden = False

    def update(self):
        # Nothing to compute (user actions, member data) for a menu not shown.
        self.hidden = not api.user.is_anonymous() and not uses_site_tools(self.context)
        if not self.hidden:
            super().update()

    def render(self):
        return "" if self.hidden else super().render()


class AnonTools(PersonalBarViewlet):
    """Plone's login and registration links, drawn for anonymous visitors
    only: for a logged-in user its template shows nothing, and nothing is
    computed."""

    index = ViewPageTemplateFile("anontools.pt", _prefix=PLONE_VIEWLETS)
    anonymous = False

    def update(self):
        if api.user.is_anonymous():
            super().update()

    def render(self):
        return super().render() if self.anonymous else ""

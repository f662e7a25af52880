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


class MemberTools(PersonalBarViewlet):
    # Plone's own template, read where plone.app.layout keeps it.
    index = ViewPageTemplateFile(
        "membertools.pt", _prefix=os.path.dirname(plone.app.layout.viewlets.__file__))

    def render(self):
        if not api.user.is_anonymous() and not uses_site_tools(self.context):
            return ""
        return super().render()

"""The generic Dexterity edit form is not a way into an application.

Drafts are filled only through the multi-step ``@@compila`` (checks of the
draft's own form version, content sniffing of files); submitted applications
are never edited. ``@@edit`` on an application therefore sends the applicant
of a draft to ``@@compila`` and answers 404 to everybody else.
"""

from plone import api
from Products.Five.browser import BrowserView
from zExceptions import NotFound


class ApplicationEdit(BrowserView):
    def __call__(self):
        app = self.context
        me = api.user.get_current().getId()
        if api.content.get_state(app) == "draft" and me == app.applicant_id:
            return self.request.response.redirect(app.absolute_url() + "/@@compila")
        raise NotFound(self.request.URL)

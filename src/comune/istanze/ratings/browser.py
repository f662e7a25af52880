"""``@@valuta-servizio``: the rating snippet and its form handler.

GET returns an HTML *fragment* (no main template) that the receipt page and
the personal area embed with ``context/@@valuta-servizio``; it is empty when
the current user may not rate this application. POST stores the rating and
redirects back (``came_from`` on this site, else the application).
"""

from comune.istanze import _
from comune.istanze.identity import current_identity
from comune.istanze.ratings import rating
from comune.istanze.workflow.errors import ApplicationError
from plone import api
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from zope.i18n import translate


class RateServiceView(BrowserView):
    snippet = ViewPageTemplateFile("templates/rate_snippet.pt")
    scores = range(rating.MIN_SCORE, rating.MAX_SCORE + 1)

    def __call__(self):
        if self.request.method == "POST":
            return self.handle_post()
        return self.render()

    def user_id(self):
        identity = current_identity()
        return identity.user_id if identity is not None else None

    def render(self):
        uid = self.user_id()
        self.current = rating.rating_of(self.context)
        self.refusal = rating.refusal(self.context, uid)
        if uid is None or uid != self.context.applicant_id:
            return ""
        if self.current is None and self.refusal is not None:
            return ""  # survey off or not yet submitted: nothing to show
        until = rating.changeable_until(self.context)
        self.until = until.strftime("%d/%m/%Y") if until else None
        self.came_from = self.request.get("came_from") or self.request.get("ACTUAL_URL", "")
        return self.snippet()

    def handle_post(self):
        CheckAuthenticator(self.request)
        form = self.request.form
        try:
            rating.rate(self.context, form.get("punteggio"), form.get("commento", ""), self.user_id())
        except ApplicationError as exc:
            api.portal.show_message(translate(exc.message, context=self.request), self.request, "error")
        else:
            api.portal.show_message(
                translate(_("Grazie per la tua valutazione."), context=self.request), self.request, "info"
            )
        self.request.response.redirect(self.back_url(form.get("came_from")))
        return ""

    def back_url(self, came_from):
        portal_url = api.portal.get().absolute_url()
        if came_from and (came_from == portal_url or came_from.startswith(portal_url + "/")):
            return came_from
        return self.context.absolute_url()

"""The staff page's "Verifica ANPR" box (``<application>/@@verifica-anpr``).

Shown inside ``@@istruttoria``: the application's ANPR status, what was
checked or why not, when, and the button that re-runs the check (a POST to
``@@istruttoria`` with ``azione=anpr``, handled by
:func:`comune.istanze.integrations.anpr.status.recheck`).
"""

from comune.istanze.integrations.anpr.checks import rules_of
from comune.istanze.integrations.anpr.status import status_of
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile


class VerificationBox(BrowserView):
    index = ViewPageTemplateFile("templates/box.pt")

    def __call__(self):
        self.status = status_of(self.context)
        self.can_recheck = any(rules_of(self.context.application_type()))
        if self.status is None and not self.can_recheck:
            return ""
        return self.index()

    def checked(self):
        when = self.status and self.status["checked"]
        return when.strftime("%d/%m/%Y %H:%M") if when else ""

"""Browser views of the back office inbox (``@@scrivania``)."""

from comune.istanze import _
from comune.istanze.backoffice import inbox
from comune.istanze.workflow.states import STATE_TITLES
from plone.batching import Batch
from Products.Five.browser import BrowserView
from Products.statusmessages.interfaces import IStatusMessage
from zExceptions import Forbidden


FILTER_KEYS = ("type", "state", "from", "to", "assignee", "text", "represented", "sort", "order")


class InboxView(BrowserView):
    """Inbox across the types the user may work (or one type, on a type)."""

    def __call__(self):
        self.types = inbox.workable_types(self.context)
        if not self.types:
            raise Forbidden("Nessuna tipologia di istanza da lavorare.")
        self.filters = {k: self.request.form.get(k, "") for k in FILTER_KEYS}
        self.error = None
        try:
            brains = inbox.search(self.filters, self.context)
        except inbox.FilterError as exc:
            self.error = exc.message
            IStatusMessage(self.request).add(exc.message, "error")
            brains = []
        start = int(self.request.form.get("b_start", 0) or 0)
        self.batch = Batch(brains, inbox.PAGE_SIZE, start)
        return self.index()

    def rows(self):
        return [inbox.row(b) for b in self.batch]

    def state_title(self, state):
        return STATE_TITLES.get(state, state)

    def state_options(self):
        return [("open", _("Da lavorare"))] + [(s, STATE_TITLES[s]) for s in inbox.STAFF_STATES]

    def sort_url(self, key):
        form = dict(self.filters)
        order = "asc" if form.get("sort") == key and form.get("order") != "asc" else "desc"
        form.update(sort=key, order=order)
        from urllib.parse import urlencode

        return f"{self.request.URL}?{urlencode(form)}"

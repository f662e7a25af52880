"""Browser views of the back office inbox (``@@scrivania``)."""

from comune.istanze import _
from comune.istanze.backoffice import inbox
from comune.istanze.backoffice import saved_filters
from comune.istanze.workflow.custom import office_states
from comune.istanze.workflow.states import STATE_TITLES
from plone import api
from plone.batching import Batch
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from Products.statusmessages.interfaces import IStatusMessage
from urllib.parse import urlencode
from zExceptions import Forbidden

import transaction


FILTER_KEYS = ("type", "state", "from", "to", "assignee", "text", "represented", "sort", "order")


class InboxView(BrowserView):
    """Inbox across the types the user may work (or one type, on a type):
    filters, counts per state, the user's saved searches."""

    def __call__(self):
        self.types = inbox.workable_types(self.context)
        if not self.types:
            raise Forbidden("Nessuna tipologia di istanza da lavorare.")
        self.filters = {k: self.request.form.get(k, "") for k in FILTER_KEYS}
        self.error = None
        if self.request.method == "POST" and self.request.form.get("azione"):
            self.saved_search_action(self.request.form["azione"])
        try:
            brains = inbox.search(self.filters, self.context)
            self.counts = inbox.state_counts(self.filters, self.context)
        except inbox.FilterError as exc:
            self.error = exc.message
            IStatusMessage(self.request).add(exc.message, "error")
            brains, self.counts = [], []
        start = int(self.request.form.get("b_start", 0) or 0)
        self.batch = Batch(brains, inbox.PAGE_SIZE, start)
        return self.index()

    def saved_search_action(self, action):
        CheckAuthenticator(self.request)
        portal, user_id = api.portal.get(), api.user.get_current().getId()
        name = self.request.form.get("nome", "")
        try:
            if action == "salva-ricerca":
                inbox.build_query(self.filters, list(self.types))  # valid filters only
                name = saved_filters.save(portal, user_id, name, self.filters, FILTER_KEYS)
                message = _("Ricerca «${name}» salvata.", mapping={"name": name})
            elif action == "elimina-ricerca":
                saved_filters.delete(portal, user_id, name)
                message = _("Ricerca «${name}» eliminata.", mapping={"name": name})
            else:
                return
        except (saved_filters.SavedFilterError, inbox.FilterError) as exc:
            transaction.doom()  # nothing half-stored
            IStatusMessage(self.request).add(exc.message, "error")
            return
        IStatusMessage(self.request).add(message, "info")

    def rows(self):
        return [inbox.row(b) for b in self.batch]

    def flow_block(self):
        """On a type: its flow with the count per state (workflow/views.py)."""
        from comune.istanze.interfaces import IApplicationType
        from zope.component import getMultiAdapter

        if not IApplicationType.providedBy(self.context):
            return None
        return getMultiAdapter((self.context, self.request), name="flusso-grafico")()

    def saved_searches(self):
        user_id = api.user.get_current().getId()
        return [dict(item, url=self.filter_url(item["filters"]))
                for item in saved_filters.saved_for(api.portal.get(), user_id)]

    def state_links(self):
        current = self.filters.get("state")
        return [{"state": state, "title": self.state_title(state), "count": count,
                 "current": state == current,
                 "url": self.filter_url(dict(self.filters, state=state))}
                for state, count in self.counts]

    def filter_url(self, filters):
        kept = {k: v for k, v in filters.items() if v}
        return f"{self.request.URL}?{urlencode(kept)}" if kept else self.request.URL

    def state_title(self, state):
        if state in STATE_TITLES:
            return STATE_TITLES[state]
        if not hasattr(self, "_office_states"):
            self._office_states = office_states(list(self.types))
        return self._office_states.get(state, state)

    def state_options(self):
        offices = office_states(list(self.types))
        return [("open", _("Da lavorare"))] + [(s, STATE_TITLES[s]) for s in inbox.STAFF_STATES] + [
            (s, title) for s, title in offices.items()]

    def sort_url(self, key):
        form = dict(self.filters)
        order = "asc" if form.get("sort") == key and form.get("order") != "asc" else "desc"
        form.update(sort=key, order=order)
        return f"{self.request.URL}?{urlencode(form)}"

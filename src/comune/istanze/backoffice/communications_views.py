"""Views of communications: compose from the inbox filters, follow progress."""

from comune.istanze import _
from comune.istanze.backoffice import communications
from comune.istanze.backoffice import inbox
from comune.istanze.backoffice.actions import ActionError
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from Products.statusmessages.interfaces import IStatusMessage
from zExceptions import Forbidden
from zExceptions import NotFound

import transaction


class ComposeView(BrowserView):
    """``@@comunica``: the inbox filters select the recipients."""

    def __call__(self):
        if not inbox.workable_types(self.context):
            raise Forbidden("Nessuna tipologia di istanza da lavorare.")
        from comune.istanze.backoffice.views import FILTER_KEYS

        self.filters = {k: self.request.form.get(k, "") for k in FILTER_KEYS}
        try:
            self.brains = inbox.search(self.filters, self.context)
        except inbox.FilterError as exc:
            IStatusMessage(self.request).add(exc.message, "error")
            self.brains = []
        if self.request.method == "POST" and self.request.form.get("azione") == "invia":
            CheckAuthenticator(self.request)
            try:
                batch = communications.create_batch(
                    self.brains, self.request.form.get("subject"), self.request.form.get("body"),
                    self._files())
                communications.send(batch)
            except ActionError as exc:
                transaction.doom()
                self.request.response.setStatus(exc.status)
                IStatusMessage(self.request).add(exc.message, "error")
            else:
                self.request.response.redirect(
                    f"{self.context.absolute_url()}/@@comunicazione?id={batch.id}")
                return ""
        return self.index()

    def _files(self):
        upload = self.request.form.get("file")
        if upload and getattr(upload, "filename", None):
            data = upload.read()
            ctype = upload.headers.get("content-type", "application/octet-stream")
            return [(upload.filename, ctype, data)]
        return []

    def count(self):
        return len(self.brains)


class ProgressView(BrowserView):
    """``@@comunicazione?id=``: progress, failures, retry (404 for a batch
    of types the user does not work)."""

    def __call__(self):
        if not inbox.workable_types(self.context):
            raise Forbidden("Nessuna tipologia di istanza da lavorare.")
        self.batch = communications.readable_batch(self.request.form.get("id", ""))
        if self.batch is None:
            raise NotFound("Comunicazione non trovata")
        if self.request.method == "POST" and self.request.form.get("azione") == "riprova":
            CheckAuthenticator(self.request)
            try:
                communications.retry_failures(self.batch)
                communications.send(self.batch)
                IStatusMessage(self.request).add(_("Invii falliti ripetuti."), "info")
            except ActionError as exc:
                transaction.doom()
                IStatusMessage(self.request).add(exc.message, "error")
        return self.index()

    def failures(self):
        return sorted(self.batch.failures.items())

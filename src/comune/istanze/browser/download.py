"""``<app>/@@allegato/<id>``: download one attachment of an application.

Served only to who has View on the application (its applicant and the staff
of its type), checked by :func:`comune.istanze.browser.guard.guard`; the
response is never cached by shared caches. A download by the staff is in the
type's audit log.
"""

from comune.istanze.backoffice.audit import record_staff_read
from comune.istanze.browser.guard import guard
from comune.istanze.documents.attachments import attachments_of
from plone.namedfile.utils import set_headers
from plone.namedfile.utils import stream_data
from Products.Five.browser import BrowserView
from zExceptions import NotFound
from zope.interface import implementer
from zope.publisher.interfaces import IPublishTraverse


@implementer(IPublishTraverse)
class AttachmentDownload(BrowserView):
    attachment_id = None

    def publishTraverse(self, request, name):
        if self.attachment_id is not None:
            raise NotFound(name)
        self.attachment_id = name
        return self

    def __call__(self):
        guard(self.context)
        found = [a for a in attachments_of(self.context) if a.id == self.attachment_id]
        if not found:
            raise NotFound(self.attachment_id or "")
        att = found[0]
        record_staff_read(self.context, "download", f"allegato: {att.filename}", request=self.request)
        response = self.request.response
        set_headers(att.file, response, filename=att.filename)
        response.setHeader("Content-Type", att.mime)
        response.setHeader("X-Content-Type-Options", "nosniff")
        response.setHeader("Cache-Control", "private, no-store")
        return stream_data(att.file)

"""``<app>/@@allegato/<id>``: download one attachment of an application
(``<app>/@@allegato/<id>/contenuto``: the document signed in a ``.p7m``).

Served only to who has View on the application (its applicant and the staff
of its type), checked by :func:`comune.istanze.browser.guard.guard`; the
response is never cached by shared caches. A download by the staff is in the
type's audit log.

plone.namedfile's ``@@download/<field>`` and ``@@display-file/<field>``
would serve any attribute of an application to who has View; on an
application they serve only the file answers of its own form version, after
the same guard, and a staff download is logged the same way.
"""

from comune.istanze.backoffice.audit import record_staff_read
from comune.istanze.browser.guard import guard
from comune.istanze.content.fti import version_schema
from comune.istanze.documents.attachments import attachments_of
from comune.istanze.documents.sniffing import sniff
from comune.istanze.signatures.cades import content_filename
from comune.istanze.signatures.cades import enveloped_content
from comune.istanze.signatures.display import CONTENT
from comune.istanze.signatures.display import enveloping
from plone.namedfile.browser import DisplayFile
from plone.namedfile.browser import Download
from plone.namedfile.interfaces import INamedFileField
from plone.namedfile.utils import set_headers
from plone.namedfile.utils import stream_data
from Products.Five.browser import BrowserView
from zExceptions import NotFound
from zope.interface import implementer
from zope.publisher.interfaces import IPublishTraverse


@implementer(IPublishTraverse)
class AttachmentDownload(BrowserView):
    attachment_id = None
    part = None  # CONTENT: the document enveloped in a .p7m

    def publishTraverse(self, request, name):
        if self.attachment_id is None:
            self.attachment_id = name
        elif self.part is None and name == CONTENT:
            self.part = name
        else:
            raise NotFound(name)
        return self

    def __call__(self):
        guard(self.context)
        found = [a for a in attachments_of(self.context) if a.id == self.attachment_id]
        if not found:
            raise NotFound(self.attachment_id or "")
        att = found[0]
        if self.part == CONTENT:
            return self.enveloped(att)
        record_staff_read(self.context, "download", f"allegato: {att.filename}", request=self.request)
        response = self.request.response
        set_headers(att.file, response, filename=att.filename)
        response.setHeader("Content-Type", att.mime)
        response.setHeader("X-Content-Type-Options", "nosniff")
        response.setHeader("Cache-Control", "private, no-store")
        return stream_data(att.file)


    def enveloped(self, att):
        """The document signed in a .p7m attachment, extracted on the fly."""
        if not enveloping(att.signature):
            raise NotFound(CONTENT)
        with att.file.open() as fp:
            data = enveloped_content(fp.read())
        if data is None:
            raise NotFound(CONTENT)
        filename = content_filename(att.filename)
        record_staff_read(self.context, "download", f"documento firmato in: {att.filename}",
                          request=self.request)
        response = self.request.response
        response.setHeader("Content-Type", sniff(data))
        response.setHeader("Content-Disposition", f'attachment; filename="{filename}"')
        response.setHeader("X-Content-Type-Options", "nosniff")
        response.setHeader("Cache-Control", "private, no-store")
        return data


class AnswerFileDownload(Download):
    """``<app>/@@download/<field>``: a file answer of the application."""

    def _getFile(self):
        guard(self.context)
        app = self.context
        schema, _model = version_schema(app.application_type(), app.form_version)
        field = schema.get(self.fieldname) if self.fieldname else None
        if field is None or not INamedFileField.providedBy(field):
            raise NotFound(self.fieldname or "")
        file = super()._getFile()
        record_staff_read(app, "download", f"risposta {self.fieldname}: {file.filename}",
                          request=self.request)
        return file


class AnswerFileDisplay(AnswerFileDownload, DisplayFile):
    """``<app>/@@display-file/<field>``: the same, shown inline when safe."""

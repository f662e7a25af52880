"""``POST <draft-url>/@istanze-allegati``: add or replace one attachment.

Body: ``{"name": <declared attachment>, "filename": ..., "content-type": ...,
"data": <base64>}``. The bytes are checked by content sniffing and size
(:mod:`comune.istanze.documents.sniffing`); a rejected file stores nothing.
Only the applicant, and only while the application is a draft.
"""

from comune.istanze import _
from comune.istanze.identity import current_identity
from comune.istanze.restapi.errors import read_body
from comune.istanze.restapi.errors import refuse
from comune.istanze.restapi.errors import REFUSALS
from comune.istanze.restapi.payload import attachment_info
from comune.istanze.restapi.payload import store_attachment
from comune.istanze.workflow.errors import NotAllowed
from plone import api
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.services import Service
from zope.interface import alsoProvides


def check_editable(app) -> None:
    """Refuse unless the current user is the applicant and ``app`` a draft."""
    from comune.istanze.frontdesk.drafts import operator_fills

    identity = current_identity()
    mine = identity is not None and identity.user_id == app.applicant_id
    if not mine and not operator_fills(app):
        raise NotAllowed(_("Puoi modificare solo le tue istanze."))
    if api.content.get_state(app) != "draft":
        raise NotAllowed(_("L'istanza è già stata inviata: gli allegati non si possono più cambiare."))
    from comune.istanze.fees.pay_and_submit import check_editable as check_not_paying

    check_not_paying(app)  # «Paga e invia» froze the attachments with the answers


class AddAttachment(Service):
    """Store one attachment on this draft."""

    def reply(self) -> dict:
        alsoProvides(self.request, IDisableCSRFProtection)
        app = self.context
        try:
            check_editable(app)
            att = store_attachment(app, read_body(self.request), app.applicant_id)
        except REFUSALS as exc:
            return refuse(self, exc)
        self.request.response.setStatus(201)
        return attachment_info(app, att)

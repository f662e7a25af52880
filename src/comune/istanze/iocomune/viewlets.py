"""On a Servizio's Classic page: «Presenta istanza online» with the window."""

from comune.istanze.iocomune import INDEX
from comune.istanze.iocomune.card import channel
from plone.app.layout.viewlets import ViewletBase
from plone.app.uuid.utils import uuidToObject
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile


class CardViewlet(ViewletBase):
    index = ViewPageTemplateFile("templates/card.pt")

    def update(self):
        super().update()
        uid = getattr(self.context, INDEX, None)
        type_obj = uuidToObject(uid, unrestricted=True) if uid else None
        self.channel = channel(type_obj) if type_obj is not None else None

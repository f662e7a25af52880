"""Subscribers and the hourly job that keep the cards right (see :mod:`.card`)."""

from comune.istanze.iocomune import INDEX
from comune.istanze.iocomune.card import linked_types
from comune.istanze.iocomune.card import refresh_cards
from comune.istanze.iocomune.card import update_card
from comune.istanze.outbox import queue
from comune.istanze.outbox.interfaces import IJobHandler
from comune.istanze.outbox.interfaces import IScheduledJobs
from plone import api
from zope.interface import implementer


KIND = "iocomune.cards"


def on_type_changed(type_obj, event):
    """Published, retracted or its dates edited: its cards follow."""
    refresh_cards(type_obj)


def on_card_changed(servizio, event):
    """A Servizio saved (or added) with a type: its channel is filled at once."""
    update_card(servizio)


@implementer(IJobHandler)
class RefreshCards:
    """The windows that opened or ended in the last hour reach the cards."""

    title = "Schede Servizio (io-Comune): canale digitale"

    def run(self, job, target, ctx):
        changed = 0
        for type_obj in linked_types():
            changed += refresh_cards(type_obj)
        ctx.save("cards", {"changed": changed})


@implementer(IScheduledJobs)
class Schedule:
    """Once an hour (the key names the hour: a second call finds the job),
    only on a site where the profile is applied (the catalog knows the index)."""

    def schedule(self, portal, now):
        if INDEX not in api.portal.get_tool("portal_catalog").indexes():
            return None
        return queue.enqueue(portal, KIND, "", f"{KIND}:{now:%Y-%m-%dT%H}")

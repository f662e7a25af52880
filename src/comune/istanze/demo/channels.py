"""Demo: the demo types send every kind of message by email and App IO (and PEC
when that channel exists), so a tester of ``make start`` finds them in the
sandbox App IO's inbox page. Channels whose platform is not configured are
recorded "non disponibile" on each message, never claimed."""

from comune.istanze.channels.core import channels
from comune.istanze.channels.interfaces import DEFAULT_CHANNELS
from comune.istanze.channels.interfaces import IMessageChannels
from comune.istanze.channels.interfaces import MESSAGE_KINDS
from comune.istanze.interfaces import IApplicationType
from plone import api


def create_demo_channels(portal):
    """Choose all registered channels on every type still on the default; returns
    the types' ids."""
    names = [name for name, _channel in channels()]
    done = []
    catalog = api.portal.get_tool("portal_catalog")
    for brain in catalog.unrestrictedSearchResults(object_provides=IApplicationType.__identifier__):
        choice = IMessageChannels(brain._unrestrictedGetObject(), None)
        if choice is None:
            continue
        for kind, _title in MESSAGE_KINDS:
            if list(getattr(choice, f"channels_{kind}", None) or []) == list(DEFAULT_CHANNELS):
                setattr(choice, f"channels_{kind}", list(names))  # an office's choice stays
        done.append(brain.getId)
    return done

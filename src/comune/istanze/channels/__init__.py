"""Channels: every message to the citizen leaves by the channels its type chose.

Messages to the citizen (communications, integration requests, decisions,
payment notices) are stored on the application (:mod:`comune.istanze.messages`)
and then handed to :func:`dispatch`, which asks each channel the type chose
for the message's kind (:class:`~.interfaces.IMessageChannels`; email only by
default) to queue its outbox job, and records on the message what happened
(``message.deliveries``: channel -> status, address, detail, when, job). The
jobs update the record (sent, delivered); a job that failed for good shows as
failed (:mod:`.display`). A chosen channel whose platform is not configured
is recorded as unavailable: nothing is claimed that did not happen.

Channels are named :class:`~.interfaces.IChannel` utilities: "email" (here),
"appio" (``integrations/appio``), "pec" (INAD, ``integrations/inad``).
"""

from comune.istanze.channels.core import chosen_channels  # noqa: F401
from comune.istanze.channels.core import dispatch  # noqa: F401
from comune.istanze.channels.core import message_kind  # noqa: F401

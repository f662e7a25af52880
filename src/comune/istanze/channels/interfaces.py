"""The contract of the channels a message to the citizen leaves by.

A channel is a named :class:`IChannel` utility ("email", "appio", "pec");
:func:`comune.istanze.channels.dispatch` asks the ones the application type
chose for the message's kind (:class:`IMessageChannels`, a behavior of the
type: the office's choice, email only by default).
"""

from comune.istanze import _
from plone.autoform import directives
from plone.autoform.interfaces import IFormFieldProvider
from plone.supermodel import model
from z3c.form.browser.checkbox import CheckBoxFieldWidget
from zope import schema
from zope.interface import Attribute
from zope.interface import Interface
from zope.interface import provider


# What happened to a message on one channel (``message.deliveries[name]["status"]``).
QUEUED, SENT, DELIVERED, FAILED, UNAVAILABLE = (
    "queued", "sent", "delivered", "failed", "unavailable")
STATUS_TITLES = {
    QUEUED: _("in coda"),
    SENT: _("inviato"),
    DELIVERED: _("consegnato"),
    FAILED: _("non riuscito"),
    UNAVAILABLE: _("non disponibile"),
}
DEFAULT_CHANNELS = ("email",)

# The kinds of messages whose channels the office chooses, per type.
MESSAGE_KINDS = (
    ("communication", _("Comunicazioni")),
    ("integration_request", _("Richieste di integrazione")),
    ("decision", _("Provvedimenti finali")),
    ("payment_notice", _("Avvisi di pagamento")),
)


class IChannel(Interface):
    """A way a message reaches the citizen (a named utility)."""

    title = Attribute("Italian name of the channel")

    def configured():
        """True when the Comune set the channel's platform up (URL, keys...)."""

    def queue(app, message, key):
        """Enqueue the outbox job that sends ``message`` of ``app``, in the
        current transaction; returns the job, or None when the channel cannot
        be used for this citizen (then it may record why on the message).
        ``key``: the caller's idempotency key, or None."""


def _channels_field(title):
    return schema.List(
        title=title,
        description=_("Canali da cui parte il messaggio al cittadino. I canali la cui "
                      "piattaforma non è configurata sono indicati e non vengono usati."),
        value_type=schema.Choice(vocabulary="comune.istanze.Channels"),
        required=False,
        default=list(DEFAULT_CHANNELS),
        missing_value=[],
    )


@provider(IFormFieldProvider)
class IMessageChannels(model.Schema):
    """The office's choice of channels, per kind of message (a type behavior)."""

    model.fieldset("channels", label=_("Canali di invio"),
                   fields=[f"channels_{kind}" for kind, _title in MESSAGE_KINDS])
    channels_communication = _channels_field(_("Canali delle comunicazioni"))
    channels_integration_request = _channels_field(_("Canali delle richieste di integrazione"))
    channels_decision = _channels_field(_("Canali dei provvedimenti finali"))
    channels_payment_notice = _channels_field(_("Canali degli avvisi di pagamento"))
    directives.widget("channels_communication", CheckBoxFieldWidget)
    directives.widget("channels_integration_request", CheckBoxFieldWidget)
    directives.widget("channels_decision", CheckBoxFieldWidget)
    directives.widget("channels_payment_notice", CheckBoxFieldWidget)

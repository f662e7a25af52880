"""The protocol register contract: one interface, adapters per vendor.

Vendors differ (Maggioli, Halley, Dedagroup, Insiel...): each speaks to its
register through a named :class:`IProtocolAdapter` utility; the registry
record ``comune.istanze.protocol.adapter`` names the one in use (empty: no
protocol register, applications only get their receipt).
"""

from comune.istanze import _
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from datetime import time
from zope import schema
from zope.interface import Attribute
from zope.interface import Interface


@dataclass
class OutgoingDocument:
    filename: str
    mime_type: str
    data: bytes
    sha256: str  # hex
    description: str = ""


@dataclass
class Correspondent:
    first_name: str
    last_name: str
    fiscal_code: str
    email: str = ""
    body_name: str = ""  # association / company represented
    body_tax_id: str = ""


@dataclass
class ProtocolRequest:
    key: str  # idempotency key
    direction: str  # "Entrata" or "Uscita"
    subject: str
    classification_code: str
    classification_title: str
    correspondent: Correspondent
    primary: OutgoingDocument
    attachments: list = field(default_factory=list)


@dataclass
class Registration:
    administration: str
    aoo: str
    register: str
    number: str
    date: date
    time: time
    segnatura: bytes  # signed SegnaturaInformatica XML as received
    already_registered: bool = False

    def as_dict(self):
        return {
            "administration": self.administration,
            "aoo": self.aoo,
            "register": self.register,
            "number": self.number,
            "date": self.date.isoformat(),
            "time": self.time.strftime("%H:%M:%S"),
        }


class IProtocolAdapter(Interface):
    """Registers messages in a protocol register."""

    def register(request):
        """Register ``request`` (:class:`ProtocolRequest`); return a
        :class:`Registration`. Raise ``ProtocolUnavailable`` when the register
        cannot be reached (retried) and ``ProtocolRejected`` when it refuses
        the data or answers something inconsistent (not retried)."""


class IProtocolSettings(Interface):
    adapter = schema.TextLine(
        title=_("Adattatore del protocollo"),
        description=_("Nome dell'adattatore in uso (es. soap); vuoto: nessuna protocollazione."),
        default="soap",
        required=False,
    )
    url = schema.TextLine(
        title=_("Indirizzo del servizio di protocollo"),
        default="http://127.0.0.1:8082/protocollo",
        required=False,
    )
    username = schema.TextLine(title=_("Utente"), default="", required=False)
    password = schema.Password(title=_("Password"), default="", required=False)
    timeout = schema.Int(title=_("Timeout (secondi)"), default=30, min=1, required=True)
    signing_certificate = schema.Text(
        title=_("Certificato del registro di protocollo (PEM)"),
        description=_("Se indicato, la firma di ogni segnatura ricevuta è verificata con questo certificato."),
        default="",
        required=False,
    )


class IMessageProtocolAdapter(IProtocolAdapter):
    """An adapter that registers by exchanging messages (AgID AOO-to-AOO):
    the register confirms later, on an endpoint of ours. The incoming and
    outgoing jobs then run these steps instead of :meth:`register`."""

    confirmation_wait = Attribute("Seconds a job waits for the confirmation before retrying later")

    def segnatura(request, identifier):
        """The signed, schema-valid segnatura (bytes) of ``request`` registered
        by the sender as ``identifier`` (dict of IdentificatoreType fields)."""

    def send(request, signed_xml):
        """Deliver the message; returns the identifier the register acknowledged."""

    def annul(mittente, destinatario, riferimento, note=""):
        """Withdraw a delivered message; returns the register's identifier."""

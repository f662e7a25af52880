"""The App IO contract: settings, one client interface, plain dataclasses.

The Comune is a "service" of App IO (IO API for Public Administration
Services, ``io-functions-services``): with its service's subscription key it
reads a citizen's profile (may this service write to them?), submits a
message and reads its processing status. What crosses the contract is plain
data; the named :class:`IAppIOClient` in use is the one named by the registry
record ``comune.istanze.appio.client``.

Key rotation: App IO gives each service a primary and a secondary key
(developer portal / ``manage/services/{id}/keys``). Put the secondary key in
``comune.istanze.appio.api_key``, regenerate the primary one, and swap again
at the next rotation: jobs read the record at each call, so no restart.
"""

from comune.istanze import _
from dataclasses import dataclass
from dataclasses import field
from datetime import datetime
from zope import schema
from zope.interface import Interface


PREFIX = "comune.istanze.appio"

# MessageContentBase limits of the spec
SUBJECT_MIN, SUBJECT_MAX = 10, 120
MARKDOWN_MIN, MARKDOWN_MAX = 80, 10000


class IAppIOSettings(Interface):
    client = schema.TextLine(
        title=_("Client App IO"),
        description=_("Nome del client in uso (utility IAppIOClient); «rest» è l'API ufficiale."),
        default="rest", required=False,
    )
    url = schema.TextLine(
        title=_("Indirizzo dell'API App IO"),
        description=_("Es. https://api.io.pagopa.it/api/v1. Vuoto: App IO non configurata."),
        default="", required=False,
    )
    api_key = schema.Password(
        title=_("Chiave di sottoscrizione del servizio (Ocp-Apim-Subscription-Key)"),
        description=_("Per ruotarla: inserisci la chiave secondaria, rigenera la primaria "
                      "nel portale di App IO, alla rotazione successiva scambiale."),
        default="", required=False,
    )
    payee_fiscal_code = schema.TextLine(
        title=_("Codice fiscale dell'ente beneficiario dei pagamenti"),
        description=_("Vuoto: quello dell'ente creditore pagoPA."),
        default="", required=False,
    )
    timeout = schema.Int(
        title=_("Attesa massima di una risposta di App IO (secondi)"),
        default=10, min=1, max=120, required=True,
    )
    status_checks = schema.Int(
        title=_("Controlli dello stato di elaborazione di un messaggio"),
        description=_("Quante volte si rilegge lo stato di un messaggio ancora in "
                      "elaborazione prima di considerarlo soltanto inviato."),
        default=3, min=0, max=20, required=True,
    )


@dataclass
class Profile:
    sender_allowed: bool
    preferred_languages: list = field(default_factory=list)


@dataclass
class PaymentData:
    amount: int  # euro cents
    notice_number: str  # 18 digits
    payee_fiscal_code: str  # the Comune (11 digits)
    invalid_after_due_date: bool = False


@dataclass
class NewMessage:
    fiscal_code: str
    subject: str
    markdown: str
    payment_data: PaymentData = None
    due_date: datetime = None
    time_to_live: int = 3600


@dataclass
class MessageStatus:
    id: str
    status: str  # ACCEPTED, THROTTLED, FAILED, PROCESSED, REJECTED
    notification: dict = field(default_factory=dict)  # channel -> SENT/THROTTLED/...


class IAppIOClient(Interface):
    """The operations of App IO the product uses (a named utility)."""

    def get_profile(fiscal_code):
        """The citizen's :class:`Profile`, or None when not in App IO (404)."""

    def submit_message(message):
        """Submit a :class:`NewMessage`; returns App IO's message id."""

    def get_message(fiscal_code, message_id):
        """The :class:`MessageStatus` of a submitted message."""

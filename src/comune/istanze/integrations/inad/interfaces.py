"""The INAD contract: settings, one client interface, plain dataclasses.

INAD (Indice Nazionale dei Domicili Digitali, AgID) answers which digital
domicile (a PEC address) a codice fiscale elected: one at a time
(``extract``), checked at a date (``verify``) or, for mass communications,
asynchronously for up to 1,000 codici fiscali (``request_list`` ->
``list_state`` -> ``list_response``). Every call carries a PDND voucher and
the ModI headers (``comune.istanze.integrations.pdnd``) and names the
administrative procedure it is for (``practicalReference``).

The named :class:`IINADClient` utility in use is the one named by the
registry record ``comune.istanze.inad.client`` (empty: INAD not used).
"""

from comune.istanze import _
from dataclasses import dataclass
from datetime import datetime
from zope import schema
from zope.interface import Attribute
from zope.interface import Interface


LIST_MAX = 1000  # codici fiscali per list request (the spec's limit)


@dataclass(frozen=True)
class DigitalDomicile:
    """A digital domicile as INAD returns it."""

    codice_fiscale: str
    address: str  # the PEC address
    since: datetime = None  # when INAD extracted it
    profession: str = ""  # practicedProfession, for professionals only
    ended: datetime = None  # usageInfo.dateEndValidity
    end_reason: str = ""  # usageInfo.motivation

    def active(self, at=None):
        """A domicile is usable unless its validity ended before ``at``."""
        if self.ended is None:
            return True
        at = at or datetime.now(self.ended.tzinfo)
        return self.ended > at


@dataclass(frozen=True)
class ListRequest:
    """An asynchronous list request, as INAD acknowledged it."""

    id: str
    state: str  # PRESA_IN_CARICO, IN_ELABORAZIONE, DISPONIBILE
    message: str = ""
    requested: datetime = None

    @property
    def ready(self):
        return self.state == "DISPONIBILE"


class IINADClient(Interface):
    title = Attribute("Italian name of the client, for the control panel")

    # ``user_id`` (every operation): on whose behalf INAD is asked, the
    # ``userID`` of the audit trail (Agid-JWT-TrackingEvidence); the current
    # user when None.

    def extract(codice_fiscale, practical_reference, user_id=None):
        """The current :class:`DigitalDomicile` of ``codice_fiscale`` (the
        first active one), or None when the citizen elected none."""

    def verify(codice_fiscale, address, since, practical_reference, user_id=None):
        """True when ``address`` was the domicile of ``codice_fiscale`` on
        ``since`` (a date)."""

    def request_list(codici_fiscali, practical_reference, user_id=None):
        """Ask for the domiciles of up to LIST_MAX codici fiscali: a ListRequest."""

    def list_state(request_id, user_id=None):
        """The ListRequest's processing state (``ready`` when available)."""

    def list_response(request_id, user_id=None):
        """codice fiscale -> DigitalDomicile or None, for every code asked."""


class IINADSettings(Interface):
    client = schema.TextLine(
        title=_("Client INAD in uso"),
        description=_("Nome del client (es. «inad»); vuoto: domicili digitali non consultati."),
        default="", required=False,
    )
    url = schema.TextLine(
        title=_("Indirizzo dell'e-service INAD"),
        description=_("Es. https://api.inad.gov.it/rest/inad/v1/domiciliodigitale"),
        default="", required=False,
    )
    purpose_id = schema.TextLine(
        title=_("Finalità PDND per INAD (purposeId)"), default="", required=False,
    )
    audience = schema.TextLine(
        title=_("Audience dell'e-service INAD"),
        description=_("Quella indicata nel catalogo PDND; vuoto: l'indirizzo dell'e-service."),
        default="", required=False,
    )
    pec_sender = schema.TextLine(
        title=_("Indirizzo PEC del Comune (mittente dei messaggi PEC)"),
        description=_("Vuoto: l'indirizzo email del sito. I messaggi PEC partono dal server di "
                      "posta configurato nel sito."),
        default="", required=False,
    )
    connect_timeout = schema.Int(
        title=_("Timeout di connessione (secondi)"), default=5, min=1, required=True,
    )
    read_timeout = schema.Int(
        title=_("Timeout di risposta (secondi)"), default=15, min=1, required=True,
    )

"""The pagoPA contract: settings, one client interface, plain dataclasses.

The Comune (creditor institution, "ente creditore") creates one debt
position (IUPD) per payment in the GPD, publishes it, and later reads
receipts and reporting flows; the citizen pays through a Checkout cart or
with the notice (avviso) at any PSP. What crosses the contract is plain data:
amounts in euro cents (int), dates as ``datetime``/``date``; no requests or
JSON types. The named :class:`IPagoPAClient` utility in use is the one named
by the registry record ``comune.istanze.pagopa.client`` (empty: no pagoPA).
"""

from comune.istanze import _
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from datetime import datetime
from zope import schema
from zope.interface import Interface


# Debt position states (GPD ``status``) and payment option states.
POSITION_STATES = ("DRAFT", "PUBLISHED", "VALID", "INVALID", "EXPIRED",
                   "PARTIALLY_PAID", "PAID", "REPORTED")
PUBLISHED_STATES = ("PUBLISHED", "VALID", "PARTIALLY_PAID", "PAID", "REPORTED", "EXPIRED")


@dataclass
class Transfer:
    """One transfer (versamento) of a payment option to an account."""

    id_transfer: str  # "1".."5"
    amount: int  # euro cents
    remittance_information: str  # causale
    category: str  # taxonomy code (tassonomia dei servizi di incasso)
    iban: str = ""
    postal_iban: str = ""
    organization_fiscal_code: str = ""  # empty: the creditor itself
    company_name: str = ""
    status: str = ""  # T_UNREPORTED / T_REPORTED (read only)


@dataclass
class PaymentOption:
    """What the citizen pays: one IUV, one notice number."""

    iuv: str
    amount: int  # euro cents
    description: str
    due_date: datetime
    is_partial_payment: bool = False
    retention_date: datetime = None
    nav: str = ""  # notice number (codice avviso), 18 digits
    transfers: list = field(default_factory=list)  # Transfer
    metadata: dict = field(default_factory=dict)
    # read only, from pagoPA
    status: str = ""  # PO_UNPAID, PO_PAID, PO_PARTIALLY_REPORTED, PO_REPORTED
    payment_date: datetime = None
    reporting_date: datetime = None
    id_receipt: str = ""
    id_flow_reporting: str = ""
    psp_company: str = ""
    fee: int = None


@dataclass
class DebtPosition:
    """A GPD debt position (posizione debitoria), one per payment here."""

    iupd: str
    fiscal_code: str  # debtor's codice fiscale / partita IVA
    full_name: str  # debtor
    company_name: str  # the creditor (Comune)
    payment_options: list = field(default_factory=list)  # PaymentOption
    type: str = "F"  # F: natural person, G: legal person
    email: str = ""
    office_name: str = ""
    switch_to_expired: bool = False
    validity_date: datetime = None
    # read only, from pagoPA
    status: str = ""
    organization_fiscal_code: str = ""
    inserted_date: datetime = None
    publish_date: datetime = None
    payment_date: datetime = None
    last_updated: datetime = None  # lastUpdatedDate (list and read)
    already_existed: bool = False  # create answered 409: made by an earlier call

    @property
    def published(self):
        return self.status in PUBLISHED_STATES


@dataclass
class PositionsPage:
    positions: list  # DebtPosition
    page: int
    limit: int
    items_found: int
    total_pages: int


@dataclass
class ReceiptSummary:
    """One row of the receipts list (GPD payments receipts API)."""

    organization_fiscal_code: str
    iuv: str
    debtor: str = ""
    payment_date_time: datetime = None


@dataclass
class ReceiptsPage:
    receipts: list  # ReceiptSummary
    page: int
    length: int
    total_pages: int


@dataclass
class ReceiptTransfer:
    id_transfer: str
    amount: int  # cents
    fiscal_code: str
    iban: str = ""
    remittance_information: str = ""
    category: str = ""


@dataclass
class Receipt:
    """A payment receipt (ricevuta telematica) as pagoPA keeps it."""

    receipt_id: str
    notice_number: str
    fiscal_code: str  # creditor
    outcome: str  # OK / KO
    iuv: str  # creditorReferenceId
    amount: int  # cents
    description: str = ""
    debtor_fiscal_code: str = ""
    debtor_name: str = ""
    psp_id: str = ""
    psp_name: str = ""
    payment_method: str = ""
    fee: int = None
    payment_date_time: datetime = None
    application_date: date = None
    transfers: list = field(default_factory=list)  # ReceiptTransfer
    xml: bytes = b""  # the receipt as received, to store


@dataclass
class ReportingFlow:
    """A published reporting flow (flusso di rendicontazione) of a PSP."""

    fdr: str
    psp_id: str
    revision: int
    published: datetime = None
    flow_date: datetime = None


@dataclass
class FlowsPage:
    flows: list  # ReportingFlow
    page: int
    total_pages: int
    count: int


@dataclass
class ReportingFlowDetail:
    fdr: str
    revision: int
    status: str
    psp_id: str
    psp_name: str
    organization_id: str
    regulation: str  # the bank transfer that pays the sum (e.g. SCT id)
    regulation_date: date = None
    fdr_date: datetime = None
    published: datetime = None
    bic_code_pouring_bank: str = ""
    tot_payments: int = 0
    sum_payments: int = 0  # cents


@dataclass
class ReportedPayment:
    """One payment in a reporting flow."""

    index: int
    iuv: str
    iur: str
    id_transfer: int
    amount: int  # cents (the flow gives decimal euro)
    pay_status: str  # EXECUTED, REVOKED, STAND_IN, STAND_IN_NO_RPT, NO_RPT
    pay_date: datetime = None


@dataclass
class ReportedPaymentsPage:
    payments: list  # ReportedPayment
    page: int
    total_pages: int
    count: int


@dataclass
class CartNotice:
    notice_number: str  # 18 digits
    fiscal_code: str  # creditor, 11 digits
    amount: int  # cents
    company_name: str
    description: str


@dataclass
class Cart:
    """A Checkout cart: up to 5 notices and where the citizen comes back."""

    notices: list  # CartNotice
    return_ok_url: str
    return_cancel_url: str
    return_error_url: str
    return_waiting_url: str = ""  # empty: the error URL
    email: str = ""
    id_cart: str = ""
    all_ccp: bool = None


class IPagoPAClient(Interface):
    """Talks to pagoPA for one creditor institution (the Comune).

    Every method raises ``PagoPAUnavailable`` when pagoPA cannot be reached
    or fails internally (retried by the outbox) and ``PagoPARejected`` (or a
    subclass) when it refuses the request; messages are in Italian.
    """

    def create_position(position, publish=False):
        """Create ``position``; a 409 (already exists, e.g. a lost answer) is
        success: the stored position is returned with ``already_existed``."""

    def publish_position(iupd):
        """Publish; a position already published counts as done."""

    def get_position(iupd):
        """The position, or None when pagoPA has none with this IUPD."""

    def update_position(position, publish=False):
        """Replace a position still unpaid (``PagoPAConflict`` if paid)."""

    def invalidate_position(iupd):
        """Invalidate; a position already invalid counts as done."""

    def list_positions(status=None, page=0, limit=50, due_date_from=None, due_date_to=None,
                       payment_date_from=None, payment_date_to=None):
        """One :class:`PositionsPage` of the Comune's positions."""

    def list_receipts(page=0, page_size=100, debtor=None, date_from=None, date_to=None):
        """One :class:`ReceiptsPage`."""

    def get_receipt(iuv):
        """The :class:`Receipt` of ``iuv``, or None when not paid."""

    def list_reporting_flows(page=1, size=1000, published_after=None):
        """One :class:`FlowsPage` of published reporting flows."""

    def get_reporting_flow(fdr, revision, psp_id):
        """The :class:`ReportingFlowDetail`."""

    def reported_payments(fdr, revision, psp_id, page=1, size=1000):
        """One :class:`ReportedPaymentsPage` of a flow's payments."""

    def create_cart(cart):
        """Open a Checkout cart; returns the URL to send the citizen to."""


class IPagoPASettings(Interface):
    client = schema.TextLine(
        title=_("Client pagoPA"),
        description=_("Nome del client in uso (gpd); vuoto: pagamenti pagoPA non attivi."),
        default="",
        required=False,
    )
    gpd_url = schema.TextLine(
        title=_("Indirizzo del servizio Posizioni Debitorie (GPD)"),
        default="https://api.platform.pagopa.it/gpd/debt-positions-service/v1",
        required=False,
    )
    receipts_url = schema.TextLine(
        title=_("Indirizzo del servizio Ricevute (GPD)"),
        default="https://api.platform.pagopa.it/gpd/payments-receipts-service/v1",
        required=False,
    )
    fdr_url = schema.TextLine(
        title=_("Indirizzo del servizio Flussi di Rendicontazione (FdR)"),
        default="https://api.platform.pagopa.it/fdr-org/service/v1",
        required=False,
    )
    checkout_url = schema.TextLine(
        title=_("Indirizzo del servizio Checkout"),
        default="https://api.platform.pagopa.it/checkout/ec/v2",
        required=False,
    )
    subscription_key = schema.Password(
        title=_("Chiave di sottoscrizione GPD (Ocp-Apim-Subscription-Key)"),
        default="",
        required=False,
    )
    receipts_subscription_key = schema.Password(
        title=_("Chiave di sottoscrizione del servizio Ricevute"),
        description=_("Vuota: la stessa del GPD."),
        default="",
        required=False,
    )
    fdr_subscription_key = schema.Password(
        title=_("Chiave di sottoscrizione del servizio FdR"),
        description=_("Vuota: la stessa del GPD."),
        default="",
        required=False,
    )
    checkout_subscription_key = schema.Password(
        title=_("Chiave di sottoscrizione del servizio Checkout"),
        description=_("Vuota: la stessa del GPD."),
        default="",
        required=False,
    )
    creditor_fiscal_code = schema.TextLine(
        title=_("Codice fiscale dell'ente creditore"),
        description=_("11 cifre: il codice fiscale del Comune."),
        default="",
        required=False,
    )
    company_name = schema.TextLine(
        title=_("Denominazione dell'ente creditore"),
        description=_("Vuota: il nome del Comune impostato nel sito."),
        default="",
        required=False,
    )
    segregation_code = schema.TextLine(
        title=_("Codice di segregazione"),
        description=_("2 cifre: la stazione pagoPA del Comune per queste posizioni."),
        default="",
        required=False,
    )
    aux_digit = schema.Int(
        title=_("Aux digit del numero avviso"),
        description=_("Solo 3: più stazioni distinte dal codice di segregazione."),
        default=3,
        min=3,
        max=3,
        required=True,
    )
    postal_account = schema.TextLine(
        title=_("Conto corrente postale"),
        description=_("Se indicato, l'avviso riporta il bollettino postale con il Data Matrix."),
        default="",
        required=False,
    )
    postal_authorization = schema.TextLine(
        title=_("Autorizzazione di Poste Italiane alla stampa in proprio"),
        default="",
        required=False,
    )
    connect_timeout = schema.Int(
        title=_("Timeout di connessione (secondi)"), default=5, min=1, required=True
    )
    read_timeout = schema.Int(
        title=_("Timeout di risposta (secondi)"), default=30, min=1, required=True
    )

"""Simulators of national platforms, for the demo site and the tests only.

NOT part of the shipped package. Each simulator is a package
``sandbox/<name>/`` that speaks the real protocol over HTTP on 127.0.0.1 and
is startable as ``python -m sandbox.<name> --port N``.

``scripts/serve.py`` (``make start``) starts every simulator of
:data:`SIMULATORS` whose package exists, on the Zope port plus
``port_offset``, stops them on exit, and ``scripts/create_site.py`` writes
their URLs into the site only through the integration's own registry
records (``registry``: record name -> value; ``{url}`` is replaced by the
simulator's base URL; in ``args``, ``{site_url}`` is the demo site's URL).
Product code knows nothing but those records.

To add a simulator: write ``sandbox/<name>/__main__.py`` accepting
``--port`` (and ``--host``), then add one :class:`Simulator` line below.
"""

from dataclasses import dataclass
from dataclasses import field
from pathlib import Path
from sandbox import pdnd as _pdnd  # constants only (no jwt import)

import importlib.util
import os


@dataclass(frozen=True)
class Simulator:
    name: str  # package sandbox.<name>
    port_offset: int  # listens on the Zope port + port_offset
    title: str = ""
    args: tuple = ()  # extra command-line arguments
    registry: dict = field(default_factory=dict)  # record -> value ("{url}", "{port}")
    extra_ports: int = 0  # further ports it takes after its own (e.g. SMTP)

    @property
    def module(self):
        return f"{__name__}.{self.name}"

    def port(self, zope_port):
        return zope_port + self.port_offset

    def url(self, zope_port, host="127.0.0.1"):
        return f"http://{host}:{self.port(zope_port)}"

    def command(self, python, zope_port, site_id="Plone"):
        site_url = f"http://127.0.0.1:{zope_port}/{site_id}"
        return [python, "-m", self.module, "--host", "127.0.0.1",
                "--port", str(self.port(zope_port)),
                *(arg.replace("{site_url}", site_url) for arg in self.args)]

    def records(self, zope_port):
        url, port = self.url(zope_port), self.port(zope_port)
        return {name: _fill(value, url, port) for name, value in self.registry.items()}


def _fill(value, url, port):
    """A record's value: "{url}" and "{port}" replaced; ``PortPlus(n)`` is the
    integer port + n (an Int record)."""
    if isinstance(value, PortPlus):
        return port + value.offset
    if isinstance(value, str):
        return value.format(url=url, port=port)
    return value


@dataclass(frozen=True)
class PortPlus:
    offset: int = 0


# the certificate of the protocol register's demo signing key (sandbox/protocol/)
DEMO_CERT = (Path(__file__).parent / "protocol" / "demo-cert.pem").read_text(encoding="ascii")

SANDBOX_CLIENT_ID = "comune-istanze"
SANDBOX_CLIENT_SECRET = "sandbox-secret"
SANDBOX_PAGOPA_KEY = "sandbox-key"
SANDBOX_WEBHOOK_SECRET = "sandbox-webhook-secret-0123456789"
SANDBOX_APPIO_KEY = "sandbox-appio-key"
# the demo type whose events the sandbox receiver shows (demo/content.py)
DEMO_WEBHOOK_TYPES = ["contributo-affitto"]
# the demo Comune: any 11-digit fiscal code will do
DEMO_CREDITOR = "01234567890"

# ``make start PROTOCOLLO=agid``: the protocol adapter the demo site uses
# (scripts/serve.py puts the choice in this environment variable)
PROTOCOL_ENV = "COMUNE_ISTANZE_PROTOCOLLO"
PROTOCOL_TITLES = {
    "soap": "Registro di protocollo (SOAP, WSDL comune.istanze)",
    "agid": "Registro di protocollo (AgID, comunicazione tra AOO)",
}
SANDBOX_AGID_PASSWORD = "sandbox-agid-password"
# the demo Comune's PEC address; the mail sink is its PEC provider (receipts, POP3)
DEMO_PEC_SENDER = "protocollo@pec.comune-esempio.example"
SANDBOX_PEC_PASSWORD = "sandbox-pec-password"
DEMO_MITTENTE_KEY = Path(__file__).parent / "protocol" / "demo-mittente-key.pem"


def protocol_records(choice):
    """The protocol records for adapter ``choice`` ("soap" or "agid")."""
    if choice not in PROTOCOL_TITLES:
        raise ValueError(f"Adattatore di protocollo sconosciuto: {choice!r} "
                         f"(scegliere tra {', '.join(PROTOCOL_TITLES)})")
    records = {
        "comune.istanze.protocol.adapter": choice,
        "comune.istanze.protocol.url": "{url}/protocollo",
        # the demo register signs with its committed demo certificate
        "comune.istanze.protocol.signing_certificate": DEMO_CERT,
    }
    if choice == "agid":
        records.update({
            "comune.istanze.protocol.url": "{url}/agid/destinatario",
            # the site signs its segnature with the committed DEMO pair of the
            # sending AOO (demo only); the register verifies with its cert
            "comune.istanze.protocol.agid.key_file": str(DEMO_MITTENTE_KEY),
            "comune.istanze.protocol.agid.certificate":
                DEMO_MITTENTE_KEY.with_name("demo-mittente-cert.pem").read_text(encoding="ascii"),
            "comune.istanze.protocol.agid.callback_password": SANDBOX_AGID_PASSWORD,
        })
    return records


PROTOCOL_CHOICE = os.environ.get(PROTOCOL_ENV) or "soap"

SIMULATORS = (
    Simulator(
        name="oidc_broker",
        port_offset=1,
        title="Broker SPID/CIE (OpenID Connect)",
        args=("--client-id", SANDBOX_CLIENT_ID, "--client-secret", SANDBOX_CLIENT_SECRET),
        registry={
            "comune.istanze.spid.issuer": "{url}",
            "comune.istanze.spid.client_id": SANDBOX_CLIENT_ID,
            "comune.istanze.spid.client_secret": SANDBOX_CLIENT_SECRET,
        },
    ),
    Simulator(
        name="protocol",
        port_offset=2,
        title=PROTOCOL_TITLES[PROTOCOL_CHOICE],
        # the AgID desk calls the site back (ConfermaMessaggioInoltro...)
        args=("--mittente-url", "{site_url}/@@protocollo-aoo-mittente",
              "--mittente-password", SANDBOX_AGID_PASSWORD),
        registry=protocol_records(PROTOCOL_CHOICE),
    ),
    Simulator(
        name="pagopa",
        port_offset=3,
        title="pagoPA (GPD, Ricevute, FdR, Checkout)",
        # --demo-creditor: the demo's TARI, fine and canteen debts (demo/debts.py)
        args=("--subscription-key", SANDBOX_PAGOPA_KEY, "--demo-creditor", DEMO_CREDITOR),
        registry={
            "comune.istanze.pagopa.client": "gpd",
            "comune.istanze.pagopa.gpd_url": "{url}/gpd/debt-positions-service/v1",
            "comune.istanze.pagopa.receipts_url": "{url}/gpd/payments-receipts-service/v1",
            "comune.istanze.pagopa.fdr_url": "{url}/fdr-org/service/v1",
            "comune.istanze.pagopa.checkout_url": "{url}/checkout/ec/v2",
            "comune.istanze.pagopa.subscription_key": SANDBOX_PAGOPA_KEY,
            # the demo Comune: any 2-digit station will do
            "comune.istanze.pagopa.creditor_fiscal_code": DEMO_CREDITOR,
            "comune.istanze.pagopa.segregation_code": "01",
        },
    ),
    Simulator(
        name="webhooks",
        port_offset=4,
        title="Ricevitore di eventi (webhook CloudEvents)",
        args=("--secret", SANDBOX_WEBHOOK_SECRET),
        registry={
            "comune.istanze.webhooks.site_url": "{url}/events",
            "comune.istanze.webhooks.site_secret": SANDBOX_WEBHOOK_SECRET,
            "comune.istanze.webhooks.site_types": DEMO_WEBHOOK_TYPES,
        },
    ),
    Simulator(
        name="pdnd",
        port_offset=5,
        title="PDND Interoperabilità (voucher)",
        registry={
            "comune.istanze.pdnd.client": "pdnd",
            "comune.istanze.pdnd.token_url": "{url}/token.oauth2",
            "comune.istanze.pdnd.assertion_audience": _pdnd.ASSERTION_AUDIENCE,
            "comune.istanze.pdnd.client_id": _pdnd.DEMO_CLIENT_ID,
            "comune.istanze.pdnd.kid": _pdnd.DEMO_KID,
            # the committed DEMO key (sandbox/pdnd/, demo only): a path, never the key itself
            "comune.istanze.pdnd.private_key_path": str(_pdnd.DEMO_CLIENT_KEY),
        },
    ),
    Simulator(
        name="anpr",
        port_offset=6,
        title="ANPR (e-service C015, C020, C021 via PDND)",
        registry={
            "comune.istanze.anpr.client": "rest",
            "comune.istanze.anpr.base_url": "{url}",
            # the sandbox PDND knows one ANPR purpose (and its audience): the three
            # e-services use it; a real Comune has one purpose per e-service
            "comune.istanze.anpr.audience": _pdnd.DEMO_PURPOSES["anpr"].audience,
            "comune.istanze.anpr.purpose_generalita": _pdnd.DEMO_PURPOSES["anpr"].id,
            "comune.istanze.anpr.purpose_residenza": _pdnd.DEMO_PURPOSES["anpr"].id,
            "comune.istanze.anpr.purpose_famiglia": _pdnd.DEMO_PURPOSES["anpr"].id,
            # the demo Comune of sandbox/anpr/population.py (a made-up ISTAT code)
            "comune.istanze.anpr.comune_istat": "999001",
        },
    ),
    Simulator(
        name="inad",
        port_offset=7,
        title="INAD (domicili digitali)",
        registry={
            "comune.istanze.inad.client": "inad",
            "comune.istanze.inad.url": "{url}/rest/inad/v1/domiciliodigitale",
            "comune.istanze.inad.purpose_id": _pdnd.DEMO_PURPOSES["inad"].id,
            "comune.istanze.inad.audience": _pdnd.DEMO_PURPOSES["inad"].audience,
        },
    ),
    Simulator(
        name="appio",
        port_offset=8,
        title="App IO (profili e messaggi; pagina dei messaggi ricevuti)",
        args=("--subscription-key", SANDBOX_APPIO_KEY),
        registry={
            "comune.istanze.appio.client": "rest",
            "comune.istanze.appio.url": "{url}/api/v1",
            "comune.istanze.appio.api_key": SANDBOX_APPIO_KEY,
        },
    ),
    Simulator(
        name="mailsink",
        port_offset=9,
        extra_ports=2,  # SMTP on the page's port + 1, the PEC mailbox's POP3 on + 2
        title="Posta di prova (SMTP, pagina delle email catturate, gestore PEC con POP3)",
        args=("--pec-sender", DEMO_PEC_SENDER, "--pec-password", SANDBOX_PEC_PASSWORD),
        registry={
            "plone.smtp_host": "127.0.0.1",
            "plone.smtp_port": PortPlus(1),
            # the sink is the PEC provider of this address: receipts over POP3
            "comune.istanze.inad.pec_sender": DEMO_PEC_SENDER,
            "comune.istanze.inad.pec_pop3_host": "127.0.0.1",
            "comune.istanze.inad.pec_pop3_port": PortPlus(2),
            "comune.istanze.inad.pec_pop3_ssl": False,
            "comune.istanze.inad.pec_pop3_user": DEMO_PEC_SENDER,
            "comune.istanze.inad.pec_pop3_password": SANDBOX_PEC_PASSWORD,
            "plone.email_from_address": "servizi-online@comune-esempio.example",
            "plone.email_from_name": "Comune di Esempio",
        },
    ),
)


def span(simulators=SIMULATORS):
    """How many ports after Zope's the simulators take."""
    return max((sim.port_offset + sim.extra_ports for sim in simulators), default=0)


def available(simulators=SIMULATORS):
    """The simulators whose package is present in this checkout."""
    return [sim for sim in simulators if importlib.util.find_spec(sim.module) is not None]


def wanted_records(zope_port, simulators=None):
    """Registry record -> value for every available simulator."""
    records = {}
    for sim in available(SIMULATORS if simulators is None else simulators):
        records.update(sim.records(zope_port))
    return records

"""The PDND contract: settings and one client interface.

PDND Interoperabilità issues a *voucher* (a JWT access token) to a client
that proves its identity with a ``client_assertion`` signed with the key
whose ``kid`` the Comune registered on PDND, one voucher per *purpose*
(finalità). E-services that follow the ModI patterns also want, beside the
``Authorization: Bearer`` header, the ``Digest`` of the body, its signature
(``Agid-JWT-Signature``, INTEGRITY_REST_01) and the audit claims of who asks
(``Agid-JWT-TrackingEvidence``, AUDIT_REST_02, bound to the voucher by its
SHA-256 in the voucher's ``digest`` claim).

The named :class:`IPDNDClient` utility in use is the one named by the
registry record ``comune.istanze.pdnd.client`` (empty: PDND not
configured). The private key is never stored in the ZODB: the registry
names a file or an environment variable that holds it. Per e-service
purpose ids live in the e-service's own records (e.g.
``comune.istanze.anpr.purpose_id``).
"""

from comune.istanze import _
from dataclasses import dataclass
from zope import schema
from zope.interface import Attribute
from zope.interface import Interface


@dataclass(frozen=True)
class Audit:
    """The audit claims of Agid-JWT-TrackingEvidence (who asks, from where,
    with which level of assurance)."""

    user_id: str
    user_location: str
    loa: str


class IPDNDClient(Interface):
    """Obtains PDND vouchers and builds the headers of a call to an e-service."""

    title = Attribute("Italian name of the client, for the control panel")

    def voucher(purpose_id):
        """The voucher (JWT text) for ``purpose_id``; cached until shortly
        before it expires. Raises PDNDError (Italian message)."""

    def default_audit(user_id=None):
        """The :class:`Audit` of the configured location and LoA for
        ``user_id`` (the current user when None; the system for a worker)."""

    def headers(purpose_id, method, url, body, audience, audit=None, modi=True,
                content_type="application/json"):
        """The headers of a call to an e-service: ``Authorization: Bearer``
        and, when ``modi`` is true, ``Agid-JWT-TrackingEvidence`` (claims of
        ``audit``, an :class:`Audit`; the configured defaults when None) and,
        for a request with a body (bytes), ``Digest`` + ``Agid-JWT-Signature``
        (``audience``: the e-service's audience, the ``aud`` of the ModI JWTs;
        the URL without query when empty). The caller sends the body with the
        returned ``Content-Type``. Raises PDNDError (Italian message).
        """


class IPDNDSettings(Interface):
    client = schema.TextLine(
        title=_("Client PDND in uso"),
        description=_("Nome del client (es. «pdnd»); vuoto: PDND non configurata."),
        default="", required=False,
    )
    token_url = schema.TextLine(
        title=_("Indirizzo del servizio di emissione dei voucher PDND"),
        description=_("Es. https://auth.interop.pagopa.it/token.oauth2"),
        default="", required=False,
    )
    assertion_audience = schema.TextLine(
        title=_("Audience della client assertion"),
        description=_("Es. auth.interop.pagopa.it/client-assertion"),
        default="auth.interop.pagopa.it/client-assertion", required=False,
    )
    client_id = schema.TextLine(
        title=_("Client id PDND del Comune"), default="", required=False,
    )
    kid = schema.TextLine(
        title=_("Identificativo della chiave (kid) registrata su PDND"), default="",
        required=False,
    )
    private_key_path = schema.TextLine(
        title=_("File della chiave privata (PEM)"),
        description=_("Percorso sul server; la chiave non è mai salvata nel sito."),
        default="", required=False,
    )
    private_key_env = schema.TextLine(
        title=_("Variabile d'ambiente con la chiave privata (PEM)"),
        description=_("Usata quando il file non è indicato."),
        default="", required=False,
    )
    user_location = schema.TextLine(
        title=_("Postazione dichiarata nella traccia di audit (userLocation)"),
        default="servizi-online", required=False,
    )
    loa = schema.TextLine(
        title=_("Livello di garanzia dichiarato nella traccia di audit (LoA)"),
        default="LoA3", required=False,
    )
    assertion_lifetime = schema.Int(
        title=_("Validità delle asserzioni firmate (secondi)"), default=300, min=30,
        required=True,
    )
    connect_timeout = schema.Int(
        title=_("Timeout di connessione (secondi)"), default=5, min=1, required=True,
    )
    read_timeout = schema.Int(
        title=_("Timeout di risposta (secondi)"), default=10, min=1, required=True,
    )

"""Interfaces of the SPID/CIE login: settings and the broker client."""

from comune.istanze import _
from zope import schema
from zope.interface import Interface


class ISpidSettings(Interface):
    """Registry records ``comune.istanze.spid.*``."""

    broker = schema.TextLine(
        title=_("Tipo di broker"),
        description=_("Nome dell'utility IIdentityBroker da usare (predefinito: oidc)."),
        default="oidc",
    )
    issuer = schema.TextLine(
        title=_("Indirizzo del broker SPID/CIE (issuer OpenID Connect)"),
        description=_("Esempio: https://broker.regione.example; la configurazione "
                      "viene letta da <issuer>/.well-known/openid-configuration."),
        required=False,
        default="",
    )
    client_id = schema.TextLine(title=_("Client ID"), required=False, default="")
    client_secret = schema.Password(title=_("Client secret"), required=False, default="")
    scope = schema.TextLine(
        title=_("Scope richiesti"), default="openid profile email",
    )
    default_level = schema.Choice(
        title=_("Livello SPID richiesto di norma"),
        values=("SpidL1", "SpidL2", "SpidL3"),
        default="SpidL2",
    )
    method_claim = schema.TextLine(
        title=_("Claim con il metodo di autenticazione"),
        description=_("Claim del broker che dice se l'accesso è SPID, CIE o CNS."),
        default="amr",
    )
    timeout = schema.Int(
        title=_("Timeout delle chiamate al broker (secondi)"), default=10, min=1,
    )


class IIdentityBroker(Interface):
    """Client of a SPID/CIE broker; named utilities, chosen by ``broker``."""

    def authorization_url(redirect_uri, state, nonce, code_challenge, level):
        """URL of the broker's login page for this request."""

    def exchange_code(code, redirect_uri, code_verifier):
        """Trade the authorization code for tokens (dict with id_token...)."""

    def verify_id_token(id_token, nonce):
        """Verified claims of the id_token; raises LoginRefused otherwise."""

    def userinfo(access_token):
        """Claims from the userinfo endpoint."""

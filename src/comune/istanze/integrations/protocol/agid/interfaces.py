"""Settings of the AgID AOO-to-AOO adapter (``comune.istanze.protocol.agid.*``).

The URL, credentials and timeout of the Comune's protocol AOO (the
*destinatario* endpoint) are the protocol's own records
(``comune.istanze.protocol.url``...); these are the identities of the two
AOOs and the keys of the sending one.
"""

from comune.istanze import _
from zope import schema
from zope.interface import Interface


PREFIX = "comune.istanze.protocol.agid"


class IAgidProtocolSettings(Interface):
    amministrazione = schema.TextLine(
        title=_("Codice IPA dell'amministrazione"),
        description=_("Il codice IPA del Comune (es. c_h501)."),
        default="c_x999",
        required=False,
    )
    denominazione = schema.TextLine(
        title=_("Denominazione dell'amministrazione"),
        default="Comune di Esempio",
        required=False,
    )
    aoo_mittente = schema.TextLine(
        title=_("Codice IPA dell'AOO mittente (servizi online)"),
        description=_("L'AOO che invia le istanze al protocollo e le registra nel proprio registro."),
        default="aoo_istanze",
        required=False,
    )
    registro_mittente = schema.TextLine(
        title=_("Codice del registro dell'AOO mittente"),
        default="ISTANZE",
        required=False,
    )
    aoo_destinatario = schema.TextLine(
        title=_("Codice IPA dell'AOO del protocollo (destinataria)"),
        default="aoo_esempio",
        required=False,
    )
    key_file = schema.TextLine(
        title=_("File della chiave di firma della segnatura (PEM)"),
        description=_("Percorso sul server; la chiave non è mai salvata nel sito."),
        default="",
        required=False,
    )
    key_env = schema.TextLine(
        title=_("Variabile d'ambiente con la chiave di firma (PEM)"),
        description=_("Usata se il file non è indicato."),
        default="COMUNE_ISTANZE_AGID_KEY",
        required=False,
    )
    certificate = schema.Text(
        title=_("Certificato di firma della segnatura (PEM)"),
        default="",
        required=False,
    )
    callback_username = schema.TextLine(
        title=_("Utente del servizio mittente"),
        description=_("Credenziali (HTTP Basic) con cui il protocollo invia conferme e annullamenti."),
        default="protocollo",
        required=False,
    )
    callback_password = schema.Password(
        title=_("Password del servizio mittente"),
        description=_("Vuota: il servizio mittente rifiuta ogni chiamata."),
        default="",
        required=False,
    )

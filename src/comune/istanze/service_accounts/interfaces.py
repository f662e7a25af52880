"""Settings of the service accounts and the actions an account may be given."""

from comune.istanze import _
from zope import schema
from zope.interface import Interface


PREFIX = "comune.istanze.service_accounts"

# Action id -> Italian title. The staff REST request each one opens is in
# :mod:`.gate`; ``decide`` also gives the Responsabile role (:mod:`.roles`).
ACTIONS = {
    "read": _("Leggere le istanze"),
    "document": _("Aggiungere documenti interni"),
    "integration": _("Richiedere integrazioni"),
    "decide": _("Decidere (accogliere o respingere)"),
    "close": _("Archiviare"),
}


class IServiceAccountSettings(Interface):
    cert_header = schema.ASCIILine(
        title=_("Intestazione del certificato client"),
        description=_("Nome dell'intestazione HTTP in cui il proxy inverso scrive il soggetto "
                      "(DN) o l'impronta del certificato client verificato, ad esempio "
                      "X-SSL-Client-S-DN."),
        default="X-SSL-Client-S-DN",
        required=True,
    )
    trust_cert_header = schema.Bool(
        title=_("Il proxy imposta l'intestazione del certificato"),
        description=_("Attivare solo se il proxy inverso verifica il certificato client, "
                      "scrive l'intestazione e la toglie sempre dalle richieste in arrivo: "
                      "altrimenti chiunque potrebbe falsificarla."),
        default=False,
        required=False,
    )
    idempotency_hours = schema.Int(
        title=_("Validità delle chiavi di idempotenza (ore)"),
        description=_("Per quanto tempo almeno una risposta resta ripetibile con la stessa "
                      "Idempotency-Key."),
        default=24,
        min=1,
        max=720,
        required=True,
    )

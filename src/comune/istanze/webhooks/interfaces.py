"""Settings of the outbound webhooks (registry ``comune.istanze.webhooks.*``).

Each application type names its own receivers (``endpoints.py``, stored on
the type). The registry may add one site-level receiver that hears the
events of the types it lists (e.g. the Comune's orchestrator).
"""

from comune.istanze import _
from zope import schema
from zope.interface import Interface


PREFIX = "comune.istanze.webhooks"


class IWebhooksSettings(Interface):
    timeout = schema.Int(
        title=_("Timeout di una consegna (secondi)"),
        description=_("Oltre questo tempo la consegna è considerata fallita e ritentata."),
        default=10, min=1, max=120, required=True,
    )
    site_url = schema.TextLine(
        title=_("Sistema destinatario del Comune: indirizzo"),
        description=_("Vuoto: nessun destinatario a livello di sito; ogni tipologia nomina i propri."),
        default="", required=False,
    )
    site_secret = schema.Password(
        title=_("Sistema destinatario del Comune: segreto HMAC"),
        default="", required=False,
    )
    site_types = schema.List(
        title=_("Sistema destinatario del Comune: tipologie"),
        description=_("Identificativi delle tipologie i cui eventi riceve."),
        value_type=schema.TextLine(), default=[], required=False,
    )
    site_kinds = schema.List(
        title=_("Sistema destinatario del Comune: eventi"),
        description=_("Nomi degli eventi (es. submitted, decided); vuoto: tutti."),
        value_type=schema.TextLine(), default=[], required=False,
    )

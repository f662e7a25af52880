"""Site-wide settings of comune.istanze (plone.app.registry).

Each integration keeps its own records under ``comune.istanze.<platform>``
in ``profiles/default/registry/<platform>.xml``.
"""

from comune.istanze import _
from zope import schema
from zope.interface import Interface


class IIstanzeSettings(Interface):
    comune_name = schema.TextLine(
        title=_("Nome del Comune"), required=True, default="Comune di Esempio"
    )
    comune_tax_code = schema.TextLine(
        title=_("Codice fiscale del Comune"), required=False, default=""
    )
    ipa_code = schema.TextLine(
        title=_("Codice IPA dell'ente"), required=False, default=""
    )
    notification_sender = schema.TextLine(
        title=_("Mittente delle email"),
        required=False,
        default="",
        description=_("Vuoto: il mittente configurato nel sito."),
    )

"""Registry settings of the request body limit (``comune.istanze.uploads.*``)."""

from comune.istanze import _
from comune.istanze.uploads.limits import CEILING_MB
from zope import schema
from zope.interface import Interface


class IUploadSettings(Interface):
    max_request_mb = schema.Int(
        title=_("Dimensione massima di una richiesta (MB)"),
        description=_(
            "Limite del corpo di ogni richiesta al sito (moduli, allegati, servizi REST). "
            "0 = automatico: 4 volte il file più grande ammesso (allegati delle tipologie "
            "pubblicate, integrazioni, provvedimenti) più 1 MB per il resto del modulo. "
            "Al massimo 401 MB, il limite fissato anche nel server web."),
        required=True,
        default=0,
        min=0,
        max=CEILING_MB,
    )

"""Interfaces and registry settings of the transparency statistics."""

from comune.istanze import _
from zope import schema
from zope.interface import Interface


class IStatisticsSettings(Interface):
    """Records under ``comune.istanze.statistics`` (registry/statistics.xml)."""

    rating_change_days = schema.Int(
        title=_("Giorni entro cui si può modificare la valutazione"),
        required=True, default=30, min=0,
    )
    licence_name = schema.TextLine(
        title=_("Licenza dei dati aperti"), required=True,
        default="Creative Commons Attribuzione 4.0 Internazionale (CC BY 4.0)",
    )
    licence_url = schema.TextLine(
        title=_("Indirizzo della licenza"), required=True,
        default="https://creativecommons.org/licenses/by/4.0/deed.it",
    )


class IStatisticsPage(Interface):
    """Marker of the "Statistiche servizi online" content type."""

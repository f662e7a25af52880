"""Registry settings of the embedding (``comune.istanze.embed.*``)."""

from comune.istanze import _
from zope import schema
from zope.interface import Interface


class IEmbedSettings(Interface):
    """Which other sites may frame the types' embedded pages."""

    frame_ancestors = schema.List(
        title=_("Siti che possono incorporare i moduli"),
        description=_(
            "Un'origine per riga (es. https://www.comune.example): solo questi siti, oltre al sito "
            "stesso, possono mostrare la pagina incorporata di una tipologia in un iframe."
        ),
        value_type=schema.URI(title=_("Origine")),
        required=False,
        default=[],
        missing_value=[],
    )

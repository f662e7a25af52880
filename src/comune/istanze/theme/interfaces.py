"""The theme's browser layer (more specific than the product's own)."""

from comune.istanze.interfaces import IComuneIstanzeLayer


class IBootstrapItaliaLayer(IComuneIstanzeLayer):
    """Installed by ``comune.istanze:bootstrap_italia``: the Designers Italia
    header, footer and components replace Plone's."""

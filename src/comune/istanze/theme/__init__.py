"""Optional Bootstrap Italia look (profile ``comune.istanze:bootstrap_italia``).

Diazo-free: the profile turns Plone's Diazo theme off and serves Bootstrap
Italia's CSS (npm package pinned in ``package.json``, copied into
``static/bootstrap-italia/`` by ``make install``, never from a CDN) as Plone
resource bundles; the header and footer of the Designers Italia site model are
viewlets registered for :class:`IBootstrapItaliaLayer`. Without the profile
the product keeps Plone's own theme (Barceloneta).
"""


def italia(request):
    """True when the page is drawn with Bootstrap Italia (the theme profile's
    browser layer): templates then use the design system's components."""
    from comune.istanze.theme.interfaces import IBootstrapItaliaLayer

    return IBootstrapItaliaLayer.providedBy(request)

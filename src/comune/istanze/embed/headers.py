"""Who may frame the embedded page: ``frame-ancestors`` from the registry.

Only :class:`comune.istanze.embed.views.EmbedView` marks its response as
embeddable; :class:`FramingTransform` (after plone.protect's transform,
which adds ``X-Frame-Options: SAMEORIGIN`` to every HTML page) then drops
``X-Frame-Options`` from that response alone and sends the
``Content-Security-Policy`` the view set. Nothing else is framable.
"""

from comune.istanze.embed.interfaces import IEmbedSettings
from plone.registry.interfaces import IRegistry
from plone.transformchain.interfaces import ITransform
from zope.component import adapter
from zope.component import queryUtility
from zope.interface import implementer
from zope.interface import Interface

import re


PREFIX = "comune.istanze.embed"
MARK = "comune.istanze.embed.framable"
# scheme://host[:port], nothing else: a value never breaks out of the header.
ORIGIN = re.compile(r"^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?$")


def allowed_origins() -> list:
    """The origins in the registry that are well formed (others are ignored)."""
    registry = queryUtility(IRegistry)
    settings = registry.forInterface(IEmbedSettings, prefix=PREFIX, check=False) if registry else None
    values = (getattr(settings, "frame_ancestors", None) or []) if settings else []
    return [v.strip().rstrip("/") for v in values if v and ORIGIN.match(v.strip().rstrip("/"))]


def policy() -> str:
    return " ".join(["frame-ancestors", "'self'", *allowed_origins()])


def make_framable(request) -> None:
    """Called by the embedded view only: this response may be framed."""
    request.other[MARK] = True
    request.response.setHeader("Content-Security-Policy", policy())


@implementer(ITransform)
@adapter(Interface, Interface)
class FramingTransform:
    """Drops ``X-Frame-Options`` from the responses marked framable."""

    order = 9100  # after plone.protect (9000), which sets X-Frame-Options

    def __init__(self, published, request):
        self.published = published
        self.request = request

    def _unframe(self):
        if self.request.get(MARK):
            self.request.response.headers.pop("x-frame-options", None)

    def transformBytes(self, result, encoding):
        self._unframe()

    def transformUnicode(self, result, encoding):
        self._unframe()

    def transformIterable(self, result, encoding):
        self._unframe()

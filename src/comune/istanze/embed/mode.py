"""The citizen's form pages inside the frame: ``?incorporato=1``.

``@@incorpora`` leads (in the frame) to ``@@presenta-istanza?incorporato=1``;
from there the citizen's pages (start, the steps of ``@@compila``, «Le mie
bozze», the application's page with its receipt) are rendered with a minimal
chrome when the request carries ``incorporato=1``:

- :func:`mark` (after traversal): only those views are embeddable; the
  request gets Plone's own "ajax" layout (``ajax_load``: no site header,
  footer, toolbar; ``ajax_include_head``: title, styles, scripts) and the
  ``frame-ancestors`` policy of :mod:`.headers`;
- :class:`EmbeddedPageTransform` (after plone.protect) makes the page whole
  and keeps the mode: a skip link, one ``<main>``, the height script; links
  and forms to embeddable pages carry ``incorporato=1``; every other link of
  the site opens top-level (``target="_top"``: login, personal area, the
  site's pages), links elsewhere in a new window;
- :func:`keep_on_redirect`: a redirect to an embeddable page keeps the mode;
- where a login is needed (the session expired, or a third-party frame does
  not carry the ``SameSite=Lax`` session cookie) :class:`LeaveFrame` answers
  a page whose link opens the page top-level: the SPID/CIE login never runs
  inside a frame.
"""

from comune.istanze import _
from comune.istanze.embed.headers import make_framable
from comune.istanze.embed.views import MESSAGE_TYPE
from comune.istanze.interfaces import IApplication
from html import escape
from lxml import etree
from lxml import html
from plone import api
from plone.transformchain.interfaces import ITransform
from repoze.xmliter.serializer import XMLSerializer
from repoze.xmliter.utils import getHTMLSerializer
from urllib.parse import parse_qsl
from urllib.parse import urlencode
from urllib.parse import urlsplit
from urllib.parse import urlunsplit
from zope.component import adapter
from zope.i18n import translate
from zope.interface import alsoProvides
from zope.interface import implementer
from zope.interface import Interface


PARAM = "incorporato"
VIEWS = ("presenta-istanza", "compila", "le-mie-bozze", "ricevuta", "incorpora")
HEIGHT_SCRIPT = """(function () {
  function send() {
    if (window.parent === window) { return; }
    window.parent.postMessage({type: "%s",
                               height: document.documentElement.scrollHeight}, "*");
  }
  window.addEventListener("load", send);
  if (window.ResizeObserver) { new ResizeObserver(send).observe(document.body); }
  send();
})();""" % MESSAGE_TYPE


TOP_TITLE = _("Continua nella pagina intera")
TOP_TEXT = _("Per continuare serve l'accesso con SPID o CIE, che si fa nella pagina intera del sito del Comune.")
TOP_LINK = _("Continua sul sito del Comune")
SKIP_LINK = _("Vai al contenuto")


class IEmbeddedRequest(Interface):
    """A citizen's page rendered for the frame."""


def _embeddable(obj, name) -> bool:
    name = (name or "").lstrip("@")
    return name in VIEWS or (IApplication.providedBy(obj) and name in ("", "view"))


def embeddable_url(url) -> bool:
    """True for a URL of this site naming an embeddable page."""
    portal_url = api.portal.get().absolute_url()
    if not url.startswith(portal_url + "/"):
        return False
    path = [p for p in urlsplit(url[len(portal_url):]).path.split("/") if p]
    name = ""
    if path and path[-1].startswith("@@"):
        name = path.pop()
    obj = api.portal.get().unrestrictedTraverse("/".join(path), None) if path else None
    return obj is not None and _embeddable(obj, name)


def with_param(url) -> str:
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != PARAM]
    return urlunsplit(parts._replace(query=urlencode(query + [(PARAM, "1")])))


def mark(event):
    """IPubAfterTraversal: ``incorporato=1`` on an embeddable view."""
    request = event.request
    if request.form.get(PARAM) != "1":
        return
    published = request.get("PUBLISHED")
    context = getattr(published, "context", None)
    name = getattr(published, "__name__", "")
    if context is None or not _embeddable(context, name):
        return
    if api.user.is_anonymous() and name.lstrip("@") != "incorpora":  # the session expired
        raise LeaveFrame(f"{context.absolute_url()}/@@{name.lstrip('@')}" if name else context.absolute_url())
    alsoProvides(request, IEmbeddedRequest)
    request.form["ajax_load"] = "1"
    request.form["ajax_include_head"] = "1"
    make_framable(request)


class LeaveFrame(Exception):
    """Raised in the frame where a login is needed: answered by :class:`LeaveFrameView`."""

    def __init__(self, url):
        super().__init__(url)
        self.url = url


class LeaveFrameView:
    """The exception view of :class:`LeaveFrame`: a framable page whose link
    opens the login (or where the redirect was going) top-level."""

    def __init__(self, context, request):
        self.context = context
        self.request = request

    def __call__(self):
        request, response = self.request, self.request.response
        response.setStatus(200, lock=True)  # not the 500 of an unknown exception
        response.headers.pop("location", None)
        response.headers.pop("x-frame-options", None)
        make_framable(request)
        response.setHeader("Content-Type", "text/html; charset=utf-8")
        lang = api.portal.get_registry_record("plone.default_language", default="it") or "it"
        texts = [escape(translate(m, context=request)) for m in (TOP_TITLE, TOP_TEXT, TOP_LINK)]
        return (
            f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{texts[0]}</title>'
            f'</head><body><main><h1>{texts[0]}</h1><p>{texts[1]}</p>'
            f'<p><a href="{escape(self.context.url, quote=True)}" target="_top">{texts[2]}</a></p></main>'
            f"<script>{HEIGHT_SCRIPT}</script></body></html>"
        )


def keep_on_redirect(event):
    """IPubBeforeCommit: a redirect to an embeddable page keeps the mode."""
    request, response = event.request, event.request.response
    if not IEmbeddedRequest.providedBy(request) or response.getStatus() not in (301, 302, 303, 307):
        return
    location = response.getHeader("Location") or ""
    if embeddable_url(location):
        response.setHeader("Location", with_param(location))


@implementer(ITransform)
@adapter(Interface, IEmbeddedRequest)
class EmbeddedPageTransform:
    """Skip link, ``<main>``, height script and links that keep (or leave) the frame."""

    order = 9200  # after plone.protect (9000) has added its tokens

    def __init__(self, published, request):
        self.published = published
        self.request = request

    def transformBytes(self, result, encoding):
        return self.transformIterable([result], encoding)

    def transformUnicode(self, result, encoding):
        return self.transformIterable([result], encoding)

    def transformIterable(self, result, encoding):
        content_type = self.request.response.getHeader("Content-Type") or ""
        if self.request.response.getStatus() != 200 or not content_type.startswith("text/html"):
            return None
        if not isinstance(result, XMLSerializer):
            try:
                result = getHTMLSerializer(result, pretty_print=False, encoding=encoding)
            except (AttributeError, TypeError, etree.ParseError):
                return None
            result.serializer = html.tostring
        self.rework(result.tree.getroot())
        return result

    def rework(self, root):
        body = root.find("body")
        if body is None:
            return
        head = root.find("head")
        if head is not None:  # Plone's ajax layout has no container: its rows' gutters need one
            style = etree.SubElement(head, "style")
            style.text = "main#contenuto { display: block; padding: 1rem 0.75rem; }"
        content = body.find(".//*[@id='portal-column-content']")
        if content is not None:
            content.tag = "main"
            content.set("id", "contenuto")
        skip = etree.Element("a", href="#contenuto")
        skip.set("class", "visually-hidden-focusable")
        skip.text = translate(SKIP_LINK, context=self.request)
        body.insert(0, skip)
        script = etree.SubElement(body, "script")
        script.text = HEIGHT_SCRIPT
        portal_url = api.portal.get().absolute_url()
        for link in body.iter("a"):
            href = link.get("href") or ""
            if href.startswith("#") or not href or link is skip:
                continue
            if embeddable_url(href):
                link.set("href", with_param(href))
            elif href.startswith(portal_url):
                link.set("target", "_top")
            elif href.startswith(("http://", "https://")):
                link.set("target", "_blank")
                link.set("rel", "noopener")
        for form in body.iter("form"):
            if (form.get("action") or "").startswith(portal_url):
                hidden = etree.SubElement(form, "input", type="hidden", name=PARAM, value="1")
                hidden.tail = None
